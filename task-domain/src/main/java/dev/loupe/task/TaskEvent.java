package dev.loupe.task;

import java.net.URI;
import java.util.List;

/**
 * The facts of a task's journal stream ({@code task-<id>}). Each is stored under a stable type name and schema
 * version ({@link TaskEventTypes}), never under its Java class name.
 */
public sealed interface TaskEvent {

  /**
   * A client asked for a task; raised by the REST API. {@code clientId} is the client whose API key made the
   * request, null for a request without one.
   */
  record TaskCreated(String taskId, String type, ClassGroup classGroup, List<URI> images, URI callbackUrl,
      String clientId) implements TaskEvent {}

  /**
   * The recipe asked for an automatic detection for the class group, with the model registered for it then
   * (null: none); raised by ResolveModelWorker. The task keeps this model even if the registry changes.
   */
  record DetectionRequested(String classGroupKey, ModelRef model) implements TaskEvent {}

  /** No model is registered for the class group: a person must do the work; raised by ResolveModelWorker. */
  record ModelNotFound(String classGroupKey) implements TaskEvent {}

  /**
   * The model found objects on the task's images (a fat event: thousands of objects); raised by DetectObjectsWorker.
   * Events recorded before suggestions became a recipe step (ADR 0036) also carry the class the box classifier
   * {@code classifier} suggested for each object; those recorded since carry none, and {@code classifier} is null.
   */
  record ObjectsDetected(ModelRef model, List<DetectedObject> objects, ModelRef classifier) implements TaskEvent {

    public ObjectsDetected(ModelRef model, List<DetectedObject> objects) {
      this(model, objects, null);
    }
  }

  /**
   * The class group's box classifier {@code classifier} suggested a class for detected objects, before an operator
   * checks them; raised by SuggestClassesWorker.
   */
  record ClassesSuggested(ModelRef classifier, List<ClassSuggestion> suggestions) implements TaskEvent {}

  /** The class {@code classId} a classifier suggests for the detected object {@code objectId}, with its confidence. */
  record ClassSuggestion(String objectId, String classId, double confidence) {}

  /**
   * Whether an operator checks the automatic result, and why: LOW_CONFIDENCE (a detected object), UNSURE_READING (a
   * tag's reading), SAMPLED or CONFIDENT; raised by DecideQualityCheckWorker.
   */
  record QualityCheckDecided(boolean required, String reason) implements TaskEvent {}

  /**
   * How the model did against the operator's checked result, per class (IoU-matched): the engine monitor's
   * data; raised by EvaluateAutomaticResultWorker, once per run, at the first check of the model's objects.
   */
  record AutomaticResultEvaluated(ModelRef model, double iouThreshold, List<ClassScore> scores) implements TaskEvent {}

  /**
   * How the recogniser read the tags an operator checked (price-tag-reading): of the readings the operator saw for
   * the first time, {@code judged} kept their box; {@code correct} of them the operator left as read (or typed the
   * same text); {@code characterErrors} is the Levenshtein distance from what was read to what the operator says,
   * summed, over {@code characters} of the operator's text; {@code boxChanged} readings went with a tag the operator
   * moved or removed, so nobody judged their text. Raised by EvaluateAutomaticResultWorker.
   */
  record ReadingsEvaluated(ModelRef model, int judged, int correct, int characterErrors, int characters,
      int boxChanged) implements TaskEvent {}

  /** The task went to the operators' inbox, and why; raised by RequestAssistanceWorker. */
  record AssistanceRequested(AssistanceReason reason) implements TaskEvent {}

  /** An operator claimed the task and opened a work session on it; raised by the inbox. */
  record OperatorAssigned(String operatorId, String sessionId) implements TaskEvent {}

  /** Nobody finished the task's operator step within its SLA: its priority went up; raised by EscalateTaskWorker. */
  record TaskEscalated(int priority) implements TaskEvent {}

  /**
   * The task went back to the inbox and the session is closed: its operator gave it back ({@code reason} RELEASED,
   * raised by the inbox) or the claim lapsed (IDLE, raised by ReleaseIdleClaimWorker).
   */
  record OperatorReleased(String operatorId, String sessionId, String reason) implements TaskEvent {}

  /** An operator's session added objects; raised, summarized, when the session finishes. */
  record ObjectsAdded(String sessionId, List<AnnotatedObject> objects) implements TaskEvent {}

  /** An operator's session removed objects that existed before it; raised when the session finishes. */
  record ObjectsRemoved(String sessionId, List<String> objectIds) implements TaskEvent {}

  /** An operator's session moved or resized existing objects; raised when the session finishes. */
  record ObjectsMoved(String sessionId, List<ObjectMove> moves) implements TaskEvent {}

  /** An operator's session gave existing objects another class; raised when the session finishes. */
  record ObjectsLabeled(String sessionId, List<ObjectLabel> labels) implements TaskEvent {}

  /**
   * An operator typed the text on tags (price-tag-reading): each becomes the tag's reading, sure, and the servers
   * do not read it again. {@code previousText} is the reading it replaced (null for none): the recogniser's
   * ground truth. Raised when the session finishes.
   */
  record TagsCorrected(String sessionId, List<TagCorrection> corrections) implements TaskEvent {}

  /**
   * An operator judged one of the task's images unusable in their session ({@code reason}, with their {@code note}
   * or null): the session is closed and the task cannot be done as asked; the client is told so instead of a result.
   * Raised by the inbox.
   */
  record ImageDeclaredUnusable(String operatorId, String sessionId, int imageIndex, URI image, UnusableReason reason,
      String note) implements TaskEvent {}

  /** An operator finished their session on the task; raised by the inbox. */
  record OperatorFinished(String operatorId, String sessionId) implements TaskEvent {}

  /**
   * A recogniser read the text of tags that had no current reading (new, or moved by an operator); raised by
   * ReadTagsWorker.
   */
  record TagsRead(ModelRef model, List<TagReading> readings) implements TaskEvent {}

  /** The task's result was put together (with the tags' readings, for reading recipes); raised by GenerateResultWorker. */
  record TaskResultGenerated(List<AnnotatedObject> objects, List<TagReading> readings) implements TaskEvent {}

  /**
   * The client asked for a finished task to be done again: its recipe starts over (model resolution first, so
   * a model registered since takes over) and its objects, readings and result are cleared; raised by the REST API.
   */
  record TaskReprocessRequested(String reason) implements TaskEvent {}

  /**
   * The client sent a done task back to the operators' inbox: an operator checks and corrects its objects, then
   * the recipe reports a new result; raised by the REST API.
   */
  record TaskResentToOperator(String reason) implements TaskEvent {}

  /** The client cancelled the task; its recipe ends wherever it was; raised by the REST API. */
  record TaskCancelled(String reason) implements TaskEvent {}

  /** The result was delivered to the client's callback; raised by ReportResultWorker. */
  record TaskReported(URI callbackUrl, int httpStatus) implements TaskEvent {}

  /**
   * Every delivery attempt of the result to the client's callback failed; the task waits, with an incident in
   * Operate, until someone retries it. Raised by ReportResultWorker.
   */
  record CallbackDeliveryFailed(URI callbackUrl, int attempts, String error) implements TaskEvent {}

  /**
   * One of the task's images can never be used (its server refuses it for good, or it is not an image): the task
   * cannot be done as asked, and the client is told so instead of a result. Raised by DetectObjectsWorker or
   * ReadTagsWorker.
   */
  record ImageRejected(int imageIndex, URI image, String problem) implements TaskEvent {}

  /**
   * The width and height of images loaded for the first time, by a worker that decoded them (DetectObjectsWorker) or
   * an operator's browser (sent with the session's finish). An image is measured once; later loads record nothing.
   */
  record ImagesMeasured(List<ImageSize> sizes) implements TaskEvent {}

  /**
   * A run of the task's recipe began: the BPMN process and version it runs on, its process instance, and the
   * element it started at ({@code TaskCreatedStartEvent} for a new or reprocessed task; a later one for a task
   * resent to an operator or recovered after the engine restarted). Raised by ResolveModelWorker (the first job of
   * a run from the start) or RecipeStarter (a run started at a later element).
   */
  record RecipeRunStarted(String processId, int processVersion, long processInstanceKey, String fromElement)
      implements TaskEvent {}

  /**
   * A job of the task's recipe failed its last retry: the recipe stands at that element, with an incident, until
   * someone gives the job retries again. {@code error} is how the last try failed. Raised by RetryWithBackoff; the
   * task's next event clears it, except an operator step's timers (TaskEscalated, OperatorReleased).
   */
  record IncidentRaised(String jobType, String elementId, long jobKey, String error) implements TaskEvent {}

  /** The text read on one tag (an object of the task), and how sure the recogniser was. */
  record TagReading(String objectId, String text, double confidence) {}

  /**
   * How the box classifier's suggestions on the detected objects fared against the operator's result, per suggested
   * class: of the objects still there, how many keep the class it suggested. Raised with TaskResultGenerated when an
   * operator finished a run whose detected objects carried suggestions; the engine monitor's kept-suggestion share.
   */
  record SuggestionsEvaluated(ModelRef model, List<SuggestionScore> scores) implements TaskEvent {}

  /** Of the objects the classifier suggested {@code classId} for and the operator kept, how many keep that class. */
  record SuggestionScore(String classId, int suggested, int kept) {}

  /** True positives, false positives and false negatives of one class. */
  record ClassScore(String classId, int truePositives, int falsePositives, int falseNegatives) {}

  /** An object's new box. */
  record ObjectMove(String objectId, Box box) {}

  /** An object's new class. */
  record ObjectLabel(String objectId, String classId) {}

  /** The text an operator typed on a tag, and the reading it replaced (null for none). */
  record TagCorrection(String objectId, String text, String previousText) {}

  /** Why a task needs an operator. */
  enum AssistanceReason {
    MODEL_NOT_FOUND,
    QUALITY_CHECK
  }
}
