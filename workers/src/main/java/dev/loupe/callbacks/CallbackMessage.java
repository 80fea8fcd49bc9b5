package dev.loupe.callbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.TaskEvent.ImageRejected;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import java.util.List;

/**
 * The body of a callback: the task's status with its result, or, for a task whose image could not be used,
 * REJECTED with that image and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackMessage(String taskId, String type, String classGroupKey, TaskStatus status, Result result,
    ImageRejected rejection) {

  /** The objects found; a price-tag reading task adds what its tags say. */
  public record Result(List<AnnotatedObject> objects,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TagReading> readings) {}

  /** What the client is told of the task's run: its rejection when an image was refused, else its generated result. */
  public static CallbackMessage of(TaskState task) {
    if (task.rejection() != null) {
      return new CallbackMessage(task.taskId(), task.type(), task.classGroup().key(), TaskStatus.REJECTED, null,
          task.rejection());
    }
    List<TagReading> readings = task.generated() == null ? List.of() : task.generated().readings();
    return new CallbackMessage(task.taskId(), task.type(), task.classGroup().key(), TaskStatus.DONE,
        new Result(task.result(), readings), null);
  }
}
