package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.benchmarks.support.LoupeJournalContext;
import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskEventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends synthetic task streams straight to the running application's journal, not through Zeebe: Loupe's own
 * {@code JdbcEventJournal} on the embedded PostgreSQL, as the application's role ({@code loupe_app}), each stream one
 * {@code append(stream, NO_STREAM, events)} of its events encoded with the write side's {@link TaskEventCodec}, a
 * number of streams per transaction (one commit, one WAL flush), several writers at once. The relay then publishes
 * them as it publishes every append.
 */
final class JournalLoader {

  private static final Logger log = LoggerFactory.getLogger(JournalLoader.class);
  /** The embedded server's application role and its password (embedded's {@code EmbeddedPostgresServer}). */
  private static final String ROLE = "loupe_app";
  private static final String PASSWORD = "loupe";

  /** What an append run did. */
  record Appended(int streams, long events, double seconds) {
    double eventsPerSecond() {
      return seconds > 0 ? events / seconds : Double.NaN;
    }
  }

  private final String postgresAddress;
  private final TaskEventCodec codec = new TaskEventCodec(new ObjectMapper());

  /** @param postgresAddress {@code host:port} of the application's embedded PostgreSQL */
  JournalLoader(String postgresAddress) {
    this.postgresAddress = postgresAddress;
  }

  /** Appends streams 0..{@code streams}-1 of {@code tasks}; {@code progress} hears the count of streams done. */
  Appended append(SyntheticTasks tasks, int streams, int writers, int streamsPerCommit, IntConsumer progress)
      throws Exception {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl("jdbc:postgresql://" + postgresAddress + "/loupe");
    dataSource.setUser(ROLE);
    dataSource.setPassword(PASSWORD);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicLong events = new AtomicLong();
    long began = System.nanoTime();
    try (LoupeJournalContext journal = LoupeJournalContext.open(dataSource)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          running.add(pool.submit(() -> {
            int from;
            while ((from = next.getAndAdd(streamsPerCommit)) < streams) {
              int to = Math.min(streams, from + streamsPerCommit);
              int first = from;
              journal.inTransaction(() -> {
                for (int i = first; i < to; i++) {
                  SyntheticTasks.Stream stream = tasks.stream(i);
                  journal.journal().append(stream.streamId(), ExpectedVersion.NO_STREAM, newEvents(stream));
                  events.addAndGet(stream.events().size());
                }
              });
              progress.accept(done.addAndGet(to - from));
            }
            return null;
          }));
        }
        for (Future<?> writer : running) {
          writer.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    Appended appended = new Appended(streams, events.get(), (System.nanoTime() - began) / 1e9);
    log.info("appended {} streams, {} events in {} s ({} events/s)", streams, appended.events(),
        String.format("%.1f", appended.seconds()), StepResult.rate(appended.eventsPerSecond()));
    return appended;
  }

  private List<NewEvent> newEvents(SyntheticTasks.Stream stream) {
    List<NewEvent> events = new ArrayList<>();
    for (int version = 0; version < stream.events().size(); version++) {
      SyntheticTasks.Timed timed = stream.events().get(version);
      TaskEventTypes.StoredType type = TaskEventTypes.of(timed.event());
      events.add(new NewEvent(EventIds.derive(stream.streamId(), version), type.name(), type.schemaVersion(),
          timed.eventTime(), codec.encode(timed.event()),
          new EventMetadata(stream.taskId(), stream.streamId() + "#" + version, timed.actor())));
    }
    return events;
  }
}
