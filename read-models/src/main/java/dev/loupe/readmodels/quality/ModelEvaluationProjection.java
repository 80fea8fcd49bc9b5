package dev.loupe.readmodels.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskViewProjection;
import java.util.ArrayList;
import java.util.List;

/** Which documents of the {@code model-evaluations} index a task event makes: a pure function. */
public final class ModelEvaluationProjection {

  static final String OBJECTS = "objects";
  static final String READINGS = "readings";
  static final String SUGGESTIONS = "suggestions";

  private ModelEvaluationProjection() {}

  /** None for an event that scores no model. */
  public static List<ModelEvaluation> documents(JournalMessage event) {
    JsonNode payload = event.payload();
    String taskId = TaskViewProjection.taskId(event.streamId());
    String model = payload.path("model").path("name").asText();
    String version = payload.path("model").path("version").asText();
    return switch (event.type()) {
      case "AutomaticResultEvaluated" -> {
        List<ModelEvaluation> documents = new ArrayList<>();
        payload.path("scores").forEach(score -> documents.add(new ModelEvaluation(event.eventId(), taskId, OBJECTS,
            model, version, event.eventTime(), score.path("classId").asText(), score.path("truePositives").asInt(),
            score.path("falsePositives").asInt(), score.path("falseNegatives").asInt(), 0, 0, 0, 0, 0)));
        yield documents;
      }
      case "ReadingsEvaluated" -> List.of(new ModelEvaluation(event.eventId(), taskId, READINGS, model, version,
          event.eventTime(), null, 0, 0, 0, payload.path("judged").asInt(), payload.path("correct").asInt(),
          payload.path("characterErrors").asInt(), payload.path("characters").asInt(),
          payload.path("boxChanged").asInt()));
      case "SuggestionsEvaluated" -> {
        List<ModelEvaluation> documents = new ArrayList<>();
        payload.path("scores").forEach(score -> documents.add(new ModelEvaluation(event.eventId(), taskId,
            SUGGESTIONS, model, version, event.eventTime(), score.path("classId").asText(), 0, 0, 0,
            score.path("suggested").asInt(), score.path("kept").asInt(), 0, 0, 0)));
        yield documents;
      }
      default -> List.of();
    };
  }
}
