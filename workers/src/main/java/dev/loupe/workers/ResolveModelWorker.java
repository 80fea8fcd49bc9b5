package dev.loupe.workers;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskRepository;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Looks up the model for the task's class group. There is no model registry yet, so every class group has no
 * model: the task records DetectionRequested then ModelNotFound and goes to an operator.
 */
@Component
public class ResolveModelWorker {

  private final TaskRepository tasks;

  ResolveModelWorker(TaskRepository tasks) {
    this.tasks = tasks;
  }

  @JobWorker(type = JobTypes.RESOLVE_MODEL, fetchVariables = Recipes.TASK_ID)
  public Map<String, Object> resolveModel(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    tasks.execute(taskId, new ResolveModel(), JobCauses.of(job), JobCauses.actor(job));
    return Map.of("modelFound", false);
  }
}
