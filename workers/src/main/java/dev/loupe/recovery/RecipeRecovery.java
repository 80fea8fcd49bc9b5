package dev.loupe.recovery;

import dev.loupe.journal.EventJournal;
import dev.loupe.journal.StreamHeadFilter;
import dev.loupe.recipes.RecipeStarter;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent.TaskCancelled;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskRepository;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
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
  private static final int PAGE = 500;
  private static final StreamHeadFilter UNFINISHED_TASKS = StreamHeadFilter.lastEventNotIn(Task.streamId(""),
      TaskEventTypes.of(TaskReported.class).name(), TaskEventTypes.of(TaskCancelled.class).name());

  private final EventJournal journal;
  private final TaskRepository tasks;
  private final RecipeStarter recipes;

  RecipeRecovery(EventJournal journal, TaskRepository tasks, RecipeStarter recipes) {
    this.journal = journal;
    this.tasks = tasks;
    this.recipes = recipes;
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
    List<String> unfinished = new ArrayList<>();
    journal.readStreamHeads(UNFINISHED_TASKS, PAGE, heads -> heads.stream()
        .filter(head -> head.created().isBefore(jvmStarted))
        .forEach(head -> unfinished.add(head.lastEvent().metadata().correlationId())));
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
    Optional<String> element = recipes.startWhereTheJournalIs(tasks.load(taskId));
    element.ifPresent(at -> log.debug("task {} restarted at {}", taskId, at));
    return element.isPresent();
  }
}
