package dev.loupe.recovery;

import dev.loupe.journal.EventJournal;
import dev.loupe.journal.StreamHead;
import dev.loupe.journal.StreamHeadFilter;
import dev.loupe.recipes.RecipeStarter;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts the recipe of every task left CREATED for longer than {@code loupe.recipes.stalled-after}: a task whose
 * creating request stopped between recording it and starting its recipe, on a cluster as much as embedded.
 * Starting is by the run's start message, so a task whose recipe did start and only waits (for a worker, or in
 * an incident) gets no second instance. Runs every {@code loupe.recipes.stalled-check-every}.
 */
@Component
public class StalledRecipeStarts {

  private static final Logger log = LoggerFactory.getLogger(StalledRecipeStarts.class);
  private static final int PAGE = 500;
  private static final StreamHeadFilter CREATED_TASKS = StreamHeadFilter.lastEventIn(Task.streamId(""),
      TaskEventTypes.of(TaskCreated.class).name(), TaskEventTypes.of(TaskReprocessRequested.class).name());

  private final EventJournal journal;
  private final TaskRepository tasks;
  private final RecipeStarter recipes;
  private final Duration stalledAfter;
  private final Counter started;

  StalledRecipeStarts(EventJournal journal, TaskRepository tasks, RecipeStarter recipes, MeterRegistry meters,
      @Value("${loupe.recipes.stalled-after:PT2M}") Duration stalledAfter) {
    this.journal = journal;
    this.tasks = tasks;
    this.recipes = recipes;
    this.stalledAfter = stalledAfter;
    this.started = Counter.builder("loupe.recipes.stalled.started")
        .description("start messages sent for tasks left CREATED (Zeebe drops those whose run is active)")
        .register(meters);
  }

  @Scheduled(initialDelayString = "${loupe.recipes.stalled-check-every:PT1M}",
      fixedDelayString = "${loupe.recipes.stalled-check-every:PT1M}")
  public void startStalledRecipes() {
    try {
      int count = startStalled(Instant.now().minus(stalledAfter));
      if (count > 0) {
        log.debug("sent the start message of {} tasks CREATED over {} ago", count, stalledAfter);
      }
    } catch (RuntimeException e) {
      log.warn("could not start the recipes of stalled tasks; trying again at the next check", e);
    }
  }

  /** Starts the recipe of each task CREATED before {@code cutoff} that has not moved on since; how many. */
  public int startStalled(Instant cutoff) {
    List<String> stalled = new ArrayList<>();
    journal.readStreamHeads(CREATED_TASKS, PAGE, heads -> heads.stream()
        .map(StreamHead::lastEvent)
        .filter(last -> last.recordedTime().isBefore(cutoff))
        .forEach(last -> stalled.add(last.metadata().correlationId())));
    int count = 0;
    for (String taskId : stalled) {
      TaskState task = tasks.load(taskId);
      if (task.status() == TaskStatus.CREATED) {
        recipes.startFromTheBeginning(task);
        started.increment();
        count++;
      }
    }
    return count;
  }
}
