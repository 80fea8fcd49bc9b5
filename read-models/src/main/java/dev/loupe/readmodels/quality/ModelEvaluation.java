package dev.loupe.readmodels.quality;

/**
 * One scored check in the {@code model-evaluations} index: a class's counts from AutomaticResultEvaluated
 * ({@code kind} {@value ModelEvaluationProjection#OBJECTS}), a check's reading counts from ReadingsEvaluated
 * ({@code kind} {@value ModelEvaluationProjection#READINGS}), or a box classifier's suggestions of a class and how
 * many the operator kept from SuggestionsEvaluated ({@code kind} {@value ModelEvaluationProjection#SUGGESTIONS}, in
 * {@code judged} and {@code correct}); the other kinds' counts are 0.
 *
 * @param evaluationId the journal event's id: what a check's documents share
 * @param evaluatedAt when the operator's check was scored (the event's time)
 */
public record ModelEvaluation(
    String evaluationId,
    String taskId,
    String kind,
    String model,
    String modelVersion,
    String evaluatedAt,
    String classId,
    int truePositives,
    int falsePositives,
    int falseNegatives,
    int judged,
    int correct,
    int characterErrors,
    int characters,
    int boxChanged) {

  /** The document id: one per event, and per class for object scores, so a redelivered event rewrites itself. */
  String documentId() {
    return classId == null ? evaluationId : evaluationId + ":" + classId;
  }
}
