package dev.loupe.recovery;

import dev.loupe.recipes.Recipes;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AutomaticResultEvaluated;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import io.camunda.client.CamundaClient;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The embedded Zeebe engine forgets every process instance on restart; the journal does not. On start-up this
 * finds every unfinished task in the journal and starts its recipe again at the element the task had reached
 * (Zeebe's start instructions). On for the embedded engine only ({@code loupe.recovery.enabled}); a cluster
 * keeps its instances.
 */
@Component
@ConditionalOnProperty("loupe.recovery.enabled")
public class RecipeRecovery {

  private static final Logger log = LoggerFactory.getLogger(RecipeRecovery.class);
  private static final AtomicBoolean RECOVERED = new AtomicBoolean();

  private final JdbcClient jdbc;
  private final TaskRepository tasks;
  private final CamundaClient camunda;
  private final Duration operatorSla;
  private final Duration idleCheckInterval;

  RecipeRecovery(
      JdbcClient jdbc,
      TaskRepository tasks,
      CamundaClient camunda,
      @Value("${loupe.operators.sla:PT30M}") Duration operatorSla,
      @Value("${loupe.operators.idle-check-interval:PT1M}") Duration idleCheckInterval) {
    this.jdbc = jdbc;
    this.tasks = tasks;
    this.camunda = camunda;
    this.operatorSla = operatorSla;
    this.idleCheckInterval = idleCheckInterval;
  }

  /**
   * Once per JVM, the embedded engine's lifetime: tasks created by this run started their own instances, so
   * only tasks created before this JVM started are recovered.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void recoverUnfinishedTasks() {
    if (!RECOVERED.compareAndSet(false, true)) {
      return;
    }
    Instant jvmStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    List<String> unfinished = jdbc.sql("""
            SELECT correlation_id FROM (
              SELECT DISTINCT ON (stream_id) stream_id, correlation_id, event_type,
                     first_value(recorded_time) OVER (PARTITION BY stream_id ORDER BY stream_version) AS created
              FROM journal_event WHERE stream_id LIKE 'task-%' ORDER BY stream_id, stream_version DESC
            ) last_events
            WHERE event_type NOT IN ('TaskReported', 'TaskCancelled') AND created < :jvmStarted
            """)
        .param("jvmStarted", Timestamp.from(jvmStarted))
        .query(String.class)
        .list();
    int recovered = 0;
    for (String taskId : unfinished) {
      recovered += recover(taskId) ? 1 : 0;
    }
    if (!unfinished.isEmpty()) {
      log.info("Recovered {} of {} unfinished tasks from the journal into the embedded engine", recovered,
          unfinished.size());
    }
  }

  /** Starts the task's recipe at the element its journal says it reached; false when there is none. */
  public boolean recover(String taskId) {
    TaskState task = tasks.load(taskId);
    Optional<String> element = elementFor(task);
    if (element.isEmpty()) {
      return false;
    }
    camunda.newCreateInstanceCommand()
        .bpmnProcessId(task.type())
        .latestVersion()
        .variables(Map.of(
            Recipes.TASK_ID, taskId,
            Recipes.RUN_ID, UUID.randomUUID().toString(),
            Recipes.OPERATOR_SLA, operatorSla.toString(),
            Recipes.IDLE_CHECK_INTERVAL, idleCheckInterval.toString()))
        .startBeforeElement(element.get())
        .send()
        .join();
    log.debug("task {} restarted at {}", taskId, element.get());
    return true;
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
    });
  }
}
