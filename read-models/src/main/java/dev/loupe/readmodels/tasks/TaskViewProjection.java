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
          payload.path("classGroup"), images, event.eventTime(), event.eventTime(), event.version(), null, null, null);
    }
    TaskView view = switch (event.type()) {
      case "DetectionRequested" -> withStatus(current, "DETECTION_REQUESTED");
      case "AssistanceRequested" -> new TaskView(current.id(), current.type(), "WAITING_FOR_OPERATOR",
          current.classGroup(), current.images(), current.createdAt(), current.updatedAt(), current.version(),
          current.operatorId(), payload.path("reason").asText(), current.result());
      case "OperatorAssigned" -> new TaskView(current.id(), current.type(), "IN_PROGRESS", current.classGroup(),
          current.images(), current.createdAt(), current.updatedAt(), current.version(),
          payload.path("operatorId").asText(), current.assistanceReason(), current.result());
      case "OperatorFinished" -> withStatus(current, "OPERATOR_FINISHED");
      case "TaskResultGenerated" -> new TaskView(current.id(), current.type(), "RESULT_GENERATED",
          current.classGroup(), current.images(), current.createdAt(), current.updatedAt(), current.version(),
          current.operatorId(), current.assistanceReason(), payload);
      case "TaskReported" -> withStatus(current, "DONE");
      default -> current;
    };
    return new TaskView(view.id(), view.type(), view.status(), view.classGroup(), view.images(), view.createdAt(),
        event.eventTime(), event.version(), view.operatorId(), view.assistanceReason(), view.result());
  }

  private static TaskView withStatus(TaskView view, String status) {
    return new TaskView(view.id(), view.type(), status, view.classGroup(), view.images(), view.createdAt(),
        view.updatedAt(), view.version(), view.operatorId(), view.assistanceReason(), view.result());
  }
}
