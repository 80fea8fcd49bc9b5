package dev.loupe.recipes;

import dev.loupe.journal.WrongExpectedVersion;
import dev.loupe.task.TaskCommand.RecordRecipeRun;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Starts a task's recipe on its latest version: from the start event (a new or reprocessed task), or at the
 * element its journal says it reached (a task recovered after the embedded engine restarted, or resent to an
 * operator). Every run gets its own {@link Recipes#RUN_ID}.
 *
 * <p>From the start event, the recipe is started by its start message ({@link Recipes#startMessage}) keyed by
 * {@code <taskId>@<version>}, the version the task was created or reprocessed at. Zeebe creates no second instance
 * for a key while one it started is active, so a start repeated by a client's retry, the sweep of stalled tasks
 * or a recovery starts the recipe once (ADR 0006).
 */
@Component
public class RecipeStarter {

  /** Both recipes' start event; a task there is started by the start message. */
  public static final String START_EVENT = RecipeElements.START_EVENT;
  private static final int RECORD_ATTEMPTS = 3;

  private final TaskRepository tasks;
  private final CamundaClient camunda;
  private final Duration operatorSla;
  private final Duration idleCheckInterval;

  RecipeStarter(
      TaskRepository tasks,
      CamundaClient camunda,
      @Value("${loupe.operators.sla:PT30M}") Duration operatorSla,
      @Value("${loupe.operators.idle-check-interval:PT1M}") Duration idleCheckInterval) {
    this.tasks = tasks;
    this.camunda = camunda;
    this.operatorSla = operatorSla;
    this.idleCheckInterval = idleCheckInterval;
  }

  /**
   * Starts the recipe of a CREATED task (new, or reprocessed) from its start event, unless this run of it is
   * already active.
   *
   * @throws IllegalStateException for a task that is not CREATED
   */
  public void startFromTheBeginning(TaskState task) {
    if (task.status() != TaskStatus.CREATED) {
      throw new IllegalStateException("task %s is %s, not CREATED: its recipe has started".formatted(
          task.taskId(), task.status()));
    }
    camunda.newPublishMessageCommand()
        .messageName(Recipes.startMessage(task.type()))
        .correlationKey(task.taskId() + "@" + createdAt(task))
        .timeToLive(Duration.ZERO)
        .variables(variables(task.taskId()))
        .send()
        .join();
  }

  /**
   * Starts the task's recipe before the element its state calls for; the element, empty when it is finished. A run
   * started at a later element is recorded here (RecipeRunStarted), under the run's id; one from the start event is
   * recorded by its first job, since a start message does not say which instance it started.
   */
  public Optional<String> startWhereTheJournalIs(TaskState task) {
    Optional<String> element = elementFor(task);
    element.ifPresent(at -> {
      if (at.equals(START_EVENT)) {
        startFromTheBeginning(task);
      } else {
        String runId = UUID.randomUUID().toString();
        ProcessInstanceEvent instance = camunda.newCreateInstanceCommand()
            .bpmnProcessId(task.type())
            .latestVersion()
            .variables(variables(task.taskId(), runId))
            .startBeforeElement(at)
            .send()
            .join();
        recordRun(task.taskId(), new RecordRecipeRun(instance.getBpmnProcessId(), instance.getVersion(),
            instance.getProcessInstanceKey(), at), runId);
      }
    });
    return element;
  }

  /**
   * Records the run, again on a fresh state when the run's first job appended first (the run is already going): the
   * run's id is the cause, so it is recorded once.
   */
  private void recordRun(String taskId, RecordRecipeRun run, String runId) {
    for (int attempt = 1; ; attempt++) {
      try {
        tasks.execute(taskId, run, "run:" + runId, "recipes");
        return;
      } catch (WrongExpectedVersion raced) {
        if (attempt == RECORD_ATTEMPTS) {
          throw raced;
        }
      }
    }
  }

  /**
   * The version the CREATED task was created or reprocessed at: its newest event but the records of a run, which its
   * first job may have appended already (RecipeRunStarted does not move a task on). The task's own version would then
   * key a second start differently from the first, and Zeebe would start the recipe twice.
   */
  private long createdAt(TaskState task) {
    return tasks.newestVersion(task.taskId()).orElse(task.version());
  }

  private Map<String, Object> variables(String taskId) {
    return variables(taskId, UUID.randomUUID().toString());
  }

  private Map<String, Object> variables(String taskId, String runId) {
    return Map.of(
        Recipes.TASK_ID, taskId,
        Recipes.RUN_ID, runId,
        Recipes.OPERATOR_SLA, operatorSla.toString(),
        Recipes.IDLE_CHECK_INTERVAL, idleCheckInterval.toString());
  }

  /** Where the task's recipe goes on for a task in this state ({@link RecipeElements}); empty when it is finished. */
  public Optional<String> elementFor(TaskState task) {
    return RecipeElements.elementFor(task, tasks.history(task.taskId()).stream().map(tasks::decode).toList());
  }
}
