package dev.loupe.detection;

import dev.loupe.recipes.JobTypes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.RejectImage;
import dev.loupe.task.Rejection;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;

/**
 * An image that can never be used ends the task's work: ImageRejected in the journal, and the BPMN error
 * {@value JobTypes#IMAGE_UNUSABLE_ERROR}, whose boundary event reports the rejection. A job delivered again after
 * the rejection was recorded throws the same error again instead of going on.
 */
public final class ImageRejections {

  private ImageRejections() {}

  /** Records the rejection and returns the BPMN error to throw. */
  public static RuntimeException reject(TaskRepository tasks, ActivatedJob job, String taskId, int imageIndex,
      ImageUnusable unusable) {
    tasks.execute(taskId, new RejectImage(imageIndex, unusable.problem()), JobCauses.of(job), JobCauses.actor(job));
    return error(tasks.load(taskId).rejection());
  }

  /** The BPMN error for a task already rejected. */
  public static RuntimeException again(TaskState task) {
    return error(task.rejection());
  }

  private static RuntimeException error(Rejection rejection) {
    return CamundaError.bpmnError(JobTypes.IMAGE_UNUSABLE_ERROR,
        "image %d (%s) %s".formatted(rejection.imageIndex(), rejection.image(), rejection.problem()));
  }
}
