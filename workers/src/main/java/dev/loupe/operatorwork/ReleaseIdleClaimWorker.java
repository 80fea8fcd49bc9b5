package dev.loupe.operatorwork;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.ReleaseIdleClaim;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskRepository;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Run by the operator step's cycle timer: a task claimed more than {@code loupe.operators.idle-limit} ago and
 * not finished goes back to the inbox (OperatorReleased); its session can no longer finish.
 */
@Component
public class ReleaseIdleClaimWorker {

  private final TaskRepository tasks;
  private final Duration idleLimit;
  private final Clock clock = Clock.systemUTC();

  ReleaseIdleClaimWorker(TaskRepository tasks, @Value("${loupe.operators.idle-limit:PT30M}") Duration idleLimit) {
    this.tasks = tasks;
    this.idleLimit = idleLimit;
  }

  @JobWorker(type = JobTypes.RELEASE_IDLE_CLAIM, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void releaseIdleClaim(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    tasks.latestTime(taskId, OperatorAssigned.class).ifPresent(claimedAt -> tasks.execute(taskId,
        new ReleaseIdleClaim(claimedAt, clock.instant(), idleLimit), JobCauses.of(job), JobCauses.actor(job)));
  }
}
