package dev.loupe.readmodels.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.readmodels.JournalMessage;
import java.util.ArrayList;
import java.util.List;

/** How each task event changes a task's view: a pure function, used by the projector and by catch-up reads. */
public final class TaskViewProjection {

  private TaskViewProjection() {}

  /** The task id of a stream {@code task-<id>}. */
  public static String taskId(String streamId) {
    return streamId.startsWith("task-") ? streamId.substring("task-".length()) : streamId;
  }

  /**
   * The view after the event; {@code current} is null before TaskCreated. Events this version does not know
   * only move the version on.
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
          payload.path("classGroup"), images, event.eventTime(), event.eventTime(), event.version(), null, null, 0, null);
    }
    View view = new View(current);
    switch (event.type()) {
      case "DetectionRequested" -> view.status = "DETECTION_REQUESTED";
      case "ObjectsDetected" -> view.status = "DETECTED";
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
      case "TaskReported" -> view.status = "DONE";
      case "TaskCancelled" -> view.status = "CANCELLED";
      default -> { }
    }
    return new TaskView(current.id(), current.type(), view.status, current.classGroup(), current.images(),
        current.createdAt(), event.eventTime(), event.version(), view.operatorId, view.assistanceReason,
        view.priority, view.result);
  }

  /** The fields events change, taken from the current view. */
  private static final class View {
    private String status;
    private String operatorId;
    private String assistanceReason;
    private int priority;
    private JsonNode result;

    private View(TaskView current) {
      status = current.status();
      operatorId = current.operatorId();
      assistanceReason = current.assistanceReason();
      priority = current.priority();
      result = current.result();
    }
  }
}
