package dev.loupe.callbacks;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.GenerateResult;
import dev.loupe.task.TaskRepository;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/** Puts the task's result together from the objects the operator annotated (TaskResultGenerated). */
@Component
public class GenerateResultWorker {

  private final TaskRepository tasks;

  GenerateResultWorker(TaskRepository tasks) {
    this.tasks = tasks;
  }

  @JobWorker(type = JobTypes.GENERATE_RESULT, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void generateResult(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    tasks.execute(taskId, new GenerateResult(), JobCauses.of(job), JobCauses.actor(job));
  }
}
