package dev.loupe.recovery;

import dev.loupe.recipes.Recipes;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.AutomaticResultEvaluated;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.CreateProcessInstanceCommandStep1.CreateProcessInstanceCommandStep3;
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
 */
@Component
public class RecipeStarter {

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

  /** Starts the recipe of type {@code type} for the task from its start event. */
  public void startFromTheBeginning(String type, String taskId) {
    instance(type, taskId).send().join();
  }

  /** Starts the task's recipe before the element its state calls for; the element, empty when it is finished. */
  public Optional<String> startWhereTheJournalIs(TaskState task) {
    Optional<String> element = elementFor(task);
    element.ifPresent(at -> instance(task.type(), task.taskId()).startBeforeElement(at).send().join());
    return element;
  }

  private CreateProcessInstanceCommandStep3 instance(String type, String taskId) {
    return camunda.newCreateInstanceCommand()
        .bpmnProcessId(type)
        .latestVersion()
        .variables(Map.of(
            Recipes.TASK_ID, taskId,
            Recipes.RUN_ID, UUID.randomUUID().toString(),
            Recipes.OPERATOR_SLA, operatorSla.toString(),
            Recipes.IDLE_CHECK_INTERVAL, idleCheckInterval.toString()));
  }

  /** Where the task's recipe goes on for a task in this state; empty when it is finished. */
  public Optional<String> elementFor(TaskState task) {
    return Recipes.PRICE_TAG_READING.equals(task.type()) ? priceTagReadingElement(task) : productDetectionElement(task);
  }

  private Optional<String> priceTagReadingElement(TaskState task) {
    boolean checking = tasks.latest(task.taskId(), AssistanceRequested.class)
        .filter(requested -> requested.reason() == AssistanceReason.QUALITY_CHECK)
        .isPresent();
    return Optional.ofNullable(switch (task.status()) {
      case NONE, DONE, CANCELLED -> null;
      case CREATED -> "ResolveModelTask";
      case DETECTION_REQUESTED -> task.model() != null ? "DetectTagsTask" : "RequestAssistanceTask";
      case DETECTED, OPERATOR_FINISHED -> "ReadTagsTask";
      case WAITING_FOR_OPERATOR, IN_PROGRESS -> checking ? "OperatorChecksTagsTask" : "OperatorDrawsTagsTask";
      case RESULT_GENERATED -> "ReportResultTask";
      case REJECTED -> "ReportRejectionTask";
    });
  }

  private Optional<String> productDetectionElement(TaskState task) {
    boolean withModel = task.model() != null;
    return Optional.ofNullable(switch (task.status()) {
      case NONE, DONE, CANCELLED -> null;
      case CREATED -> "ResolveModelTask";
      case DETECTION_REQUESTED -> withModel ? "DetectObjectsTask" : "RequestAssistanceTask";
      case DETECTED -> tasks.latest(task.taskId(), QualityCheckDecided.class)
          .map(decided -> decided.required() ? "RequestQualityCheckTask" : "GenerateResultTask")
          .orElse("DecideQualityCheckTask");
      case WAITING_FOR_OPERATOR, IN_PROGRESS -> tasks.latest(task.taskId(), AssistanceRequested.class)
          .filter(requested -> requested.reason() == AssistanceReason.QUALITY_CHECK)
          .map(requested -> "OperatorChecksTask")
          .orElse("OperatorAnnotatesTask");
      case OPERATOR_FINISHED -> withModel && tasks.latest(task.taskId(), AutomaticResultEvaluated.class).isEmpty()
          ? "EvaluateAutomaticResultTask"
          : "GenerateResultTask";
      case RESULT_GENERATED -> "ReportResultTask";
      case REJECTED -> "ReportRejectionTask";
    });
  }
}
