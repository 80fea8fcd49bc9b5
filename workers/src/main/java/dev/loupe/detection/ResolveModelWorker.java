package dev.loupe.detection;

import dev.loupe.models.ModelRegistry;
import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.RecipeStarter;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.ModelRef;
import dev.loupe.task.TaskCommand.RecordRecipeRun;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The first job of a run from the start: records the run (RecipeRunStarted: the process, version and instance the
 * job belongs to), then looks up the model registered for the task's class group and records it
 * (DetectionRequested), or records ModelNotFound. The gateway after it reads {@code modelFound}.
 */
@Component
public class ResolveModelWorker {

  private final TaskRepository tasks;
  private final ModelRegistry models;

  ResolveModelWorker(TaskRepository tasks, ModelRegistry models) {
    this.tasks = tasks;
    this.models = models;
  }

  @JobWorker(type = JobTypes.RESOLVE_MODEL, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public Map<String, Object> resolveModel(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    tasks.execute(taskId, new RecordRecipeRun(job.getBpmnProcessId(), job.getProcessDefinitionVersion(),
        job.getProcessInstanceKey(), RecipeStarter.START_EVENT), JobCauses.of(job) + ":run", JobCauses.actor(job));
    TaskState task = tasks.load(taskId);
    ModelRef model = task.model() != null
        ? task.model()
        : models.modelFor(task.classGroup().key()).orElse(null);
    TaskState resolved = tasks.execute(taskId, new ResolveModel(model), JobCauses.of(job), JobCauses.actor(job)).state();
    return Map.of("modelFound", resolved.model() != null);
  }
}
