package dev.loupe.workers;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskRepository;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/** Puts the task into the operators' inbox because no model could do it (AssistanceRequested). */
@Component
public class RequestAssistanceWorker {

  private final TaskRepository tasks;

  RequestAssistanceWorker(TaskRepository tasks) {
    this.tasks = tasks;
  }

  @JobWorker(type = JobTypes.REQUEST_ASSISTANCE, fetchVariables = Recipes.TASK_ID)
  public void requestAssistance(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    tasks.execute(taskId, new RequestAssistance(AssistanceReason.MODEL_NOT_FOUND), JobCauses.of(job),
        JobCauses.actor(job));
  }
}
