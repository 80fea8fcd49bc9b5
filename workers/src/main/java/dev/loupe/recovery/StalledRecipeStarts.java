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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts the recipe of every task left CREATED for longer than {@code loupe.recipes.stalled-after}: a task whose
 * creating request stopped between recording it and starting its recipe, on a cluster as much as embedded.
 * Starting is by the run's start message, so a task whose recipe did start and only waits (for a worker, or in
 * an incident) gets no second instance. Runs every {@code loupe.recipes.stalled-check-every}, on one instance at a
 * time: a sweep holds a PostgreSQL advisory lock, and an instance that finds it held leaves that sweep to the holder.
 * It pages through every stalled task ({@link EventJournal#readStreamHeads}), not only the oldest ones.
 */
@Component
public class StalledRecipeStarts {

  private static final Logger log = LoggerFactory.getLogger(StalledRecipeStarts.class);
  private static final int PAGE = 500;
  private static final String SWEEP_LOCK = "hashtextextended('loupe-stalled-recipe-starts', 0)";

  /** What a sweep did: {@code swept} false when another instance held the sweep, {@code started} how many it started. */
  public record Sweep(boolean swept, int started) {}
  private static final StreamHeadFilter CREATED_TASKS = StreamHeadFilter.lastEventIn(Task.streamId(""),
      TaskEventTypes.of(TaskCreated.class).name(), TaskEventTypes.of(TaskReprocessRequested.class).name());

  private final EventJournal journal;
  private final TaskRepository tasks;
  private final RecipeStarter recipes;
  private final Duration stalledAfter;
  private final Counter started;
  private final Counter swept;
  private final Counter leftToAnother;
  private final JdbcTemplate jdbc;

  StalledRecipeStarts(EventJournal journal, TaskRepository tasks, RecipeStarter recipes, MeterRegistry meters,
      JdbcTemplate jdbc, @Value("${loupe.recipes.stalled-after:PT2M}") Duration stalledAfter) {
    this.journal = journal;
    this.jdbc = jdbc;
    this.tasks = tasks;
    this.recipes = recipes;
    this.stalledAfter = stalledAfter;
    this.started = Counter.builder("loupe.recipes.stalled.started")
        .description("start messages sent for tasks left CREATED (Zeebe drops those whose run is active)")
        .register(meters);
    this.swept = sweeps(meters, "swept");
    this.leftToAnother = sweeps(meters, "held-elsewhere");
  }

  private static Counter sweeps(MeterRegistry meters, String outcome) {
    return Counter.builder("loupe.recipes.stalled.sweeps").tag("outcome", outcome)
        .description("sweeps for tasks left CREATED: run here, or left to the instance holding the sweep lock")
        .register(meters);
  }

  @Scheduled(initialDelayString = "${loupe.recipes.stalled-check-every:PT1M}",
      fixedDelayString = "${loupe.recipes.stalled-check-every:PT1M}")
  public void startStalledRecipes() {
    try {
      Sweep sweep = startStalled(Instant.now().minus(stalledAfter));
      if (sweep.started() > 0) {
        log.debug("sent the start message of {} tasks CREATED over {} ago", sweep.started(), stalledAfter);
      }
    } catch (RuntimeException e) {
      log.warn("could not start the recipes of stalled tasks; trying again at the next check", e);
    }
  }

  /**
   * Starts the recipe of each task CREATED before {@code cutoff} that has not moved on since, unless another
   * instance is sweeping.
   */
  public Sweep startStalled(Instant cutoff) {
    Sweep sweep = jdbc.execute((ConnectionCallback<Sweep>) connection -> {
      if (!lock(connection, "pg_try_advisory_lock")) {
        return new Sweep(false, 0);
      }
      try {
        return new Sweep(true, sweep(cutoff));
      } finally {
        lock(connection, "pg_advisory_unlock");
      }
    });
    (sweep.swept() ? swept : leftToAnother).increment();
    return sweep;
  }

  private static boolean lock(Connection connection, String function) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(" + SWEEP_LOCK + ")");
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getBoolean(1);
    }
  }

  private int sweep(Instant cutoff) {
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
