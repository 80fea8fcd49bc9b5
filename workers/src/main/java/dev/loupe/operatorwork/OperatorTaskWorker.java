package dev.loupe.operatorwork;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/**
 * Holds the recipe's operator user tasks (jobs of type {@value JobTypes#OPERATOR_TASK}) while operators work:
 * remembers each job's key for the inbox and leaves the job open until the operator finishes.
 */
@Component
public class OperatorTaskWorker {

  /** Operators may take days; the job stays locked to Loupe that long before Zeebe offers it again. */
  private static final long HOLD_MILLIS = 7L * 24 * 60 * 60 * 1000;

  private final OperatorWorkItems workItems;
  private final OperatorTaskCompleter completer;

  OperatorTaskWorker(OperatorWorkItems workItems, OperatorTaskCompleter completer) {
    this.workItems = workItems;
    this.completer = completer;
  }

  @JobWorker(type = JobTypes.OPERATOR_TASK, autoComplete = false, timeout = HOLD_MILLIS,
      fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void holdForOperator(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    workItems.remember(taskId, job.getKey());
    completer.completeIfWaiting(taskId);
  }
}
