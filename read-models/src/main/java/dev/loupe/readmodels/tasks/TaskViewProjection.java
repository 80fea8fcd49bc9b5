package dev.loupe.readmodels.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.readmodels.JournalMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How each task event changes a task's view: a pure function, used by the projector and by catch-up reads. */
public final class TaskViewProjection {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Task events that change nothing this view shows. Any type neither here nor below cannot be applied. */
  private static final Set<String> NOT_SHOWN =
      Set.of("ModelNotFound", "QualityCheckDecided", "AutomaticResultEvaluated", "ReadingsEvaluated");

  private TaskViewProjection() {}

  /** The task id of a stream {@code task-<id>}. */
  public static String taskId(String streamId) {
    return streamId.startsWith("task-") ? streamId.substring("task-".length()) : streamId;
  }

  /**
   * The view after the event; {@code current} is null before TaskCreated.
   *
   * @throws IllegalArgumentException for an event type this view does not know, or a second TaskCreated
   */
  public static TaskView apply(TaskView current, JournalMessage event) {
    JsonNode payload = event.payload();
    if (current == null) {
      if (!event.type().equals("TaskCreated")) {
        throw new IllegalArgumentException("stream %s starts with %s, not TaskCreated"
            .formatted(event.streamId(), event.type()));
      }
      List<String> images = new ArrayList<>();
      payload.path("images").forEach(image -> images.add(image.asText()));
      return new TaskView(taskId(event.streamId()), payload.path("type").asText(), "CREATED",
          payload.path("classGroup"), images, event.eventTime(), event.eventTime(), event.version(), null, null, 0, null, null,
          payload.path("clientId").isTextual() ? payload.path("clientId").asText() : null, null, false);
    }
    View view = new View(current);
    switch (event.type()) {
      case "DetectionRequested" -> view.status = "DETECTION_REQUESTED";
      case "ObjectsDetected" -> {
        view.status = "DETECTED";
        view.objects = JSON.createArrayNode();
        payload.path("objects").forEach(object -> view.objects.add(((ObjectNode) object.deepCopy()).without("confidence")));
      }
      case "ObjectsAdded" -> payload.path("objects").forEach(object -> view.objects().add(object));
      case "ObjectsRemoved" -> {
        List<String> removed = new ArrayList<>();
        payload.path("objectIds").forEach(id -> removed.add(id.asText()));
        view.objects = filtered(view.objects(), object -> !removed.contains(object.path("objectId").asText()));
      }
      case "ObjectsMoved" -> payload.path("moves").forEach(move -> view.objects().forEach(object -> {
        if (object.path("objectId").asText().equals(move.path("objectId").asText())) {
          ((ObjectNode) object).set("box", move.path("box"));
          ((ObjectNode) object).remove(List.of("text", "textConfidence"));
        }
      }));
      case "TagsRead" -> payload.path("readings").forEach(reading ->
          setText(view.objects(), reading.path("objectId").asText(), reading.path("text").asText(),
              reading.path("confidence").asDouble()));
      case "TagsCorrected" -> payload.path("corrections").forEach(correction ->
          setText(view.objects(), correction.path("objectId").asText(), correction.path("text").asText(), 1.0));
      case "ObjectsLabeled" -> payload.path("labels").forEach(label -> view.objects().forEach(object -> {
        if (object.path("objectId").asText().equals(label.path("objectId").asText())) {
          ((ObjectNode) object).put("classId", label.path("classId").asText());
        }
      }));
      case "AssistanceRequested" -> {
        view.status = "WAITING_FOR_OPERATOR";
        view.assistanceReason = payload.path("reason").asText();
      }
      case "OperatorAssigned" -> {
        view.status = "IN_PROGRESS";
        view.operatorId = payload.path("operatorId").asText();
      }
      case "OperatorReleased" -> {
        view.status = "WAITING_FOR_OPERATOR";
        view.operatorId = null;
      }
      case "TaskEscalated" -> view.priority = payload.path("priority").asInt();
      case "OperatorFinished" -> view.status = "OPERATOR_FINISHED";
      case "TaskResultGenerated" -> {
        view.status = "RESULT_GENERATED";
        view.result = payload;
      }
      case "CallbackDeliveryFailed" -> view.status = "DELIVERY_FAILED";
      case "ImageRejected" -> {
        view.status = "REJECTED";
        view.rejection = payload;
      }
      case "TaskReported" -> view.status = view.rejection == null ? "DONE" : "REJECTED";
      case "TaskCancelled" -> view.status = "CANCELLED";
      case "TaskResentToOperator" -> {
        view.status = "WAITING_FOR_OPERATOR";
        view.operatorId = null;
        view.assistanceReason = "RESENT";
      }
      case "TaskReprocessRequested" -> {
        view.status = "CREATED";
        view.operatorId = null;
        view.assistanceReason = null;
        view.priority = 0;
        view.objects = JSON.createArrayNode();
        view.result = null;
        view.rejection = null;
      }
      default -> {
        if (!NOT_SHOWN.contains(event.type())) {
          throw new IllegalArgumentException("the tasks view does not know the event type " + event.type()
              + (event.type().equals("TaskCreated") ? " after the stream's first event" : ""));
        }
      }
    }
    return new TaskView(current.id(), current.type(), view.status, current.classGroup(), current.images(),
        current.createdAt(), event.eventTime(), event.version(), view.operatorId, view.assistanceReason,
        view.priority, view.objects, view.result, current.clientId(), view.rejection, false);
  }

  /** A tag's current reading, on the object: {@code text} and {@code textConfidence}. */
  private static void setText(ArrayNode objects, String objectId, String text, double confidence) {
    objects.forEach(object -> {
      if (object.path("objectId").asText().equals(objectId)) {
        ((ObjectNode) object).put("text", text).put("textConfidence", confidence);
      }
    });
  }

  private static ArrayNode filtered(ArrayNode objects, java.util.function.Predicate<JsonNode> keep) {
    ArrayNode kept = JSON.createArrayNode();
    objects.forEach(object -> {
      if (keep.test(object)) {
        kept.add(object);
      }
    });
    return kept;
  }

  /** The fields events change, taken from the current view. */
  private static final class View {
    private String status;
    private String operatorId;
    private String assistanceReason;
    private int priority;
    private ArrayNode objects;
    private JsonNode result;
    private JsonNode rejection;

    private View(TaskView current) {
      status = current.status();
      operatorId = current.operatorId();
      assistanceReason = current.assistanceReason();
      priority = current.priority();
      objects = current.objects() instanceof ArrayNode array ? array.deepCopy() : null;
      result = current.result();
      rejection = current.rejection();
    }

    /** The objects, created empty by the first event that changes them. */
    private ArrayNode objects() {
      if (objects == null) {
        objects = JSON.createArrayNode();
      }
      return objects;
    }
  }
}
