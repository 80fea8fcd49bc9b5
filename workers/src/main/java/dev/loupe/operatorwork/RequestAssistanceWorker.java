package dev.loupe.operatorwork;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskRepository;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/**
 * Puts the task into the operators' inbox (AssistanceRequested) for the reason the recipe's task header
 * {@value JobTypes#REASON_HEADER} gives: MODEL_NOT_FOUND (the default) or QUALITY_CHECK.
 */
@Component
public class RequestAssistanceWorker {

  private final TaskRepository tasks;

  RequestAssistanceWorker(TaskRepository tasks) {
    this.tasks = tasks;
  }

  @JobWorker(type = JobTypes.REQUEST_ASSISTANCE, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void requestAssistance(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    AssistanceReason reason = AssistanceReason.valueOf(
        job.getCustomHeaders().getOrDefault(JobTypes.REASON_HEADER, AssistanceReason.MODEL_NOT_FOUND.name()));
    tasks.execute(taskId, new RequestAssistance(reason), JobCauses.of(job), JobCauses.actor(job));
  }
}
