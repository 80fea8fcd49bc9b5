package dev.loupe.journal.archive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps a journal partition ready for the current month and the next {@link ArchiveProperties#monthsAhead()}:
 * an event whose recorded time has no partition cannot be stored. Runs at start-up, then twice a day.
 */
@Component
public class JournalPartitions implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JournalPartitions.class);
  private static final Duration EVERY = Duration.ofHours(12);

  private final JdbcClient jdbc;
  private final int monthsAhead;
  private ScheduledExecutorService schedule;

  public JournalPartitions(JdbcClient jdbc, ArchiveProperties properties) {
    this.jdbc = jdbc;
    this.monthsAhead = properties.monthsAhead();
  }

  /** Creates the missing partitions from this month to {@code monthsAhead} months on; returns every one ensured. */
  public List<String> ensure() {
    return jdbc.sql("""
            SELECT journal_ensure_partition((month AT TIME ZONE 'UTC')::date)
            FROM generate_series(date_trunc('month', now(), 'UTC'),
                                 date_trunc('month', now(), 'UTC') + make_interval(months => :ahead),
                                 INTERVAL '1 month') AS month
            """)
        .param("ahead", monthsAhead)
        .query(String.class)
        .list();
  }

  @Override
  public void start() {
    ensure();
    schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "journal-partitions");
      thread.setDaemon(true);
      return thread;
    });
    schedule.scheduleWithFixedDelay(this::ensureLogged, EVERY.toMinutes(), EVERY.toMinutes(), TimeUnit.MINUTES);
  }

  private void ensureLogged() {
    try {
      ensure();
    } catch (RuntimeException e) {
      log.error("could not create the journal's partitions for the months ahead; retrying in {} h", EVERY.toHours(), e);
    }
  }

  @Override
  public void stop() {
    if (schedule != null) {
      schedule.shutdownNow();
      schedule = null;
    }
  }

  @Override
  public boolean isRunning() {
    return schedule != null;
  }

  /** Before the workers and the relay, which start in the default phase. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE / 2;
  }
}
