package dev.loupe.readmodels.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.TaskEvent.ImageRejected;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskStatus;
import java.net.URI;
import java.util.List;

/**
 * The task manager's view of one task: one document per task in the {@code tasks} index, at the stream version
 * of the last event applied. Its status, objects, operator, priority, result and rejection are the task's state
 * as the domain folds it ({@link TaskViewProjection}); its timestamps, assistance reason and stale flag are the
 * view's own.
 *
 * @param priority raised each time the task's operator step outlives its SLA; the inbox shows higher first
 * @param objects the task's objects now — the model's, as operators' sessions changed them — for the operator
 *     who checks them, a tag with its current reading; empty before any
 * @param result the result generated in this run, kept while an operator checks the task again; null before one
 * @param clientId the client that asked for the task; null when it was asked without an API key
 * @param rejection the image of the task that can never be used, and why; else null
 * @param stale true when the task's journal events from some version on cannot be folded (its stream is in the
 *     read model's quarantine): the view is the last one that could be
 */
public record TaskView(
    String id,
    String type,
    TaskStatus status,
    ClassGroup classGroup,
    List<URI> images,
    String createdAt,
    String updatedAt,
    long version,
    String operatorId,
    String assistanceReason,
    int priority,
    List<TaskObject> objects,
    TaskResultGenerated result,
    String clientId,
    ImageRejected rejection,
    boolean stale) {

  /** A document written before objects were always listed has none ({@code null}) before the first. */
  public TaskView {
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  /**
   * An object of the task; a tag with a current reading has its {@code text} and {@code textConfidence}, others
   * have neither.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TaskObject(String objectId, int imageIndex, Box box, String classId, String text,
      Double textConfidence) {}

  /** This view, marked stale. */
  TaskView asStale() {
    return new TaskView(id, type, status, classGroup, images, createdAt, updatedAt, version, operatorId,
        assistanceReason, priority, objects, result, clientId, rejection, true);
  }
}
