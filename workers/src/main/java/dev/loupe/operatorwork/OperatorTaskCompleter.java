package dev.loupe.operatorwork;

import dev.loupe.recipes.Recipes;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completes a task's operator user task once the journal says the operator is done: they finished, or declared an
 * image unusable. The job completes with {@value Recipes#IMAGE_UNUSABLE}, which the gateway after the step reads to
 * report the rejection instead of going on. Called both when the operator is done and when the user task's job
 * arrives, whichever comes last does it.
 */
@Component
class OperatorTaskCompleter {

  private static final Logger log = LoggerFactory.getLogger(OperatorTaskCompleter.class);
  private static final Set<TaskStatus> OPERATOR_DONE =
      EnumSet.of(TaskStatus.OPERATOR_FINISHED, TaskStatus.RESULT_GENERATED, TaskStatus.DELIVERY_FAILED,
          TaskStatus.DONE, TaskStatus.REJECTED);

  private final TaskRepository tasks;
  private final OperatorWorkItems workItems;
  private final CamundaClient camunda;

  OperatorTaskCompleter(TaskRepository tasks, OperatorWorkItems workItems, CamundaClient camunda) {
    this.tasks = tasks;
    this.workItems = workItems;
    this.camunda = camunda;
  }

  void completeIfWaiting(String taskId) {
    TaskState task = tasks.load(taskId);
    if (!OPERATOR_DONE.contains(task.status())) {
      return;
    }
    workItems.jobKeyOf(taskId).ifPresent(jobKey -> {
      try {
        camunda.newCompleteCommand(jobKey).variables(Map.of(Recipes.IMAGE_UNUSABLE, task.rejection() != null))
            .send().join();
      } catch (ClientStatusException gone) {
        if (gone.getStatusCode() != Status.Code.NOT_FOUND) {
          throw gone;
        }
        log.debug("operator job {} of task {} was already completed", jobKey, taskId);
      }
      workItems.forget(taskId, jobKey);
    });
  }
}
