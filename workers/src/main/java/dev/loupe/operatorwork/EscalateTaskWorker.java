package dev.loupe.operatorwork;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.EscalateTask;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskStatus;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.EnumSet;
import org.springframework.stereotype.Component;

/** The operator step outlived its SLA (a boundary timer fired): the task's priority goes up (TaskEscalated). */
@Component
public class EscalateTaskWorker {

  private final TaskRepository tasks;

  EscalateTaskWorker(TaskRepository tasks) {
    this.tasks = tasks;
  }

  @JobWorker(type = JobTypes.ESCALATE_TASK, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void escalateTask(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    if (EnumSet.of(TaskStatus.WAITING_FOR_OPERATOR, TaskStatus.IN_PROGRESS).contains(tasks.load(taskId).status())) {
      tasks.execute(taskId, new EscalateTask(), JobCauses.of(job), JobCauses.actor(job));
    }
  }
}
