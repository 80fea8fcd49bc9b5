package dev.loupe.operatorwork;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.RetryWithBackoff;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds the recipe's operator user tasks (jobs of type {@value JobTypes#OPERATOR_TASK}) while operators work:
 * remembers each job's key for the inbox and leaves the job open until the operator finishes. When the operator
 * finished before the job arrived, it completes the job at once, without waiting for Zeebe's answer; should Zeebe
 * refuse, the job fails with one retry fewer and comes back after a pause, as a job whose handler threw does.
 */
@Component
public class OperatorTaskWorker {

  /** Operators may take days; the job stays locked to Loupe that long before Zeebe offers it again. */
  private static final long HOLD_MILLIS = 7L * 24 * 60 * 60 * 1000;
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(OperatorTaskWorker.class);

  private final OperatorWorkItems workItems;
  private final OperatorTaskCompleter completer;
  private final CamundaClient camunda;
  private final RetryWithBackoff failures;

  OperatorTaskWorker(OperatorWorkItems workItems, OperatorTaskCompleter completer, CamundaClient camunda,
      RetryWithBackoff failures) {
    this.workItems = workItems;
    this.completer = completer;
    this.camunda = camunda;
    this.failures = failures;
  }

  @JobWorker(type = JobTypes.OPERATOR_TASK, autoComplete = false, timeout = HOLD_MILLIS,
      fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void holdForOperator(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    workItems.remember(taskId, job.getKey());
    completer.completeIfWaiting(taskId).exceptionally(refused -> {
      log.warn("completing operator job {} of task {} failed; it comes back in {}", job.getKey(), taskId,
          RETRY_BACKOFF, refused);
      int retriesLeft = Math.max(0, job.getRetries() - 1);
      String error = "completing the operator step failed: " + refused.getMessage();
      failures.failedByHand(job, retriesLeft, error);
      camunda.newFailCommand(job).retries(retriesLeft).retryBackoff(RETRY_BACKOFF).errorMessage(error).send();
      return null;
    });
  }
}
