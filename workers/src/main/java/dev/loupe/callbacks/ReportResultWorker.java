package dev.loupe.callbacks;

import dev.loupe.callbacks.CallbackSender.Delivery;
import dev.loupe.faults.FaultPoints;
import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.RecordDeliveryFailure;
import dev.loupe.task.TaskCommand.ReportResult;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the client how its task ended (its result, or why it was rejected) through the {@link CallbackSender},
 * then records TaskReported. The recipe's retries on this job are the only count of tries: each failed try
 * fails the job with one retry less after the sender's wait, and counts itself in the task's local variable
 * {@value #ATTEMPTS}. The last failure records CallbackDeliveryFailed with that count, and Zeebe raises an
 * incident with the cause, which Operate shows (retrying it there tries the delivery again).
 */
@Component
public class ReportResultWorker {

  static final String ATTEMPTS = "callbackAttempts";
  private static final Logger log = LoggerFactory.getLogger(ReportResultWorker.class);

  private final TaskRepository tasks;
  private final CallbackSender callbacks;
  private final CamundaClient camunda;

  ReportResultWorker(TaskRepository tasks, CallbackSender callbacks, CamundaClient camunda) {
    this.tasks = tasks;
    this.callbacks = callbacks;
    this.camunda = camunda;
  }

  @JobWorker(type = JobTypes.REPORT_RESULT, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID, ATTEMPTS})
  public void reportResult(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    TaskState task = tasks.load(taskId);
    if (!task.awaitsDelivery()) {
      log.info("task {} is {} with nothing to deliver: its callback is not sent", taskId, task.status());
      return;
    }
    int retriesLeft = Math.max(0, job.getRetries() - 1);
    switch (callbacks.send(task.callbackUrl(), task.clientId(), CallbackMessage.of(task), earlierAttempts(job) + 1)) {
      case Delivery.Delivered delivered -> {
        FaultPoints.reach(FaultPoints.AFTER_CALLBACK);
        tasks.execute(taskId, new ReportResult(delivered.httpStatus()), JobCauses.of(job), JobCauses.actor(job));
      }
      case Delivery.Failed failed -> fail(job, taskId, task, failed.error(), retriesLeft, failed.retryAfter());
      case Delivery.Refused refused -> fail(job, taskId, task, refused.error(), 0, Duration.ZERO);
    }
  }

  /** One failed try; the last one (no retries left) records CallbackDeliveryFailed and becomes an incident. */
  private void fail(ActivatedJob job, String taskId, TaskState task, String error, int retriesLeft, Duration wait) {
    int attempts = earlierAttempts(job) + 1;
    log.warn("delivering task {} to {} failed (try {}, retries left: {}): {}", taskId, task.callbackUrl(),
        attempts, retriesLeft, error);
    if (retriesLeft == 0) {
      tasks.execute(taskId, new RecordDeliveryFailure(attempts, error),
          JobCauses.of(job) + ":delivery-failed:" + attempts, JobCauses.actor(job));
    }
    countAttempts(job, attempts);
    throw CamundaError.jobError("callback to %s failed: %s".formatted(task.callbackUrl(), error),
        null, retriesLeft, wait, null);
  }

  /**
   * Keeps the count on the task's element instance. A FailJob command can carry it too, but the embedded engine
   * (zeebe-process-test) drops a failure's variables; setting them works on both.
   */
  private void countAttempts(ActivatedJob job, int attempts) {
    try {
      camunda.newSetVariablesCommand(job.getElementInstanceKey()).variables(Map.of(ATTEMPTS, attempts)).local(true)
          .send().join();
    } catch (ClientException e) {
      log.warn("could not count delivery try {} of job {}: {}", attempts, job.getKey(), e.getMessage());
    }
  }

  private static int earlierAttempts(ActivatedJob job) {
    return job.getVariablesAsMap().get(ATTEMPTS) instanceof Number attempts ? attempts.intValue() : 0;
  }
}
