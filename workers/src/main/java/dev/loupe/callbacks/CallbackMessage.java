package dev.loupe.callbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.UnusableReason;
import java.net.URI;
import java.util.List;

/**
 * The body of a callback: the task's status with its result, or, for a task whose image could not be used,
 * REJECTED with that image and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackMessage(String taskId, String type, String classGroupKey, TaskStatus status, Result result,
    Rejection rejection) {

  /**
   * Which image could not be used and what is wrong with it ({@code problem}, in words); when an operator judged it,
   * also their {@code reason} (BLURRED, DARK, NOT_A_SHELF, WRONG_TASK_TYPE, OTHER) and {@code note}, if any.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rejection(int imageIndex, URI image, String problem, UnusableReason reason, String note) {

    static Rejection of(dev.loupe.task.Rejection rejection) {
      return new Rejection(rejection.imageIndex(), rejection.image(), rejection.problem(), rejection.reason(),
          rejection.note());
    }
  }

  /** The objects found; a price-tag reading task adds what its tags say. */
  public record Result(List<AnnotatedObject> objects,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TagReading> readings) {}

  /** What the client is told of the task's run: its rejection when an image was refused, else its generated result. */
  public static CallbackMessage of(TaskState task) {
    if (task.rejection() != null) {
      return new CallbackMessage(task.taskId(), task.type(), task.classGroup().key(), TaskStatus.REJECTED, null,
          Rejection.of(task.rejection()));
    }
    List<TagReading> readings = task.generated() == null ? List.of() : task.generated().readings();
    return new CallbackMessage(task.taskId(), task.type(), task.classGroup().key(), TaskStatus.DONE,
        new Result(task.result(), readings), null);
  }
}
