package dev.loupe.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.journal.AppendResult;
import dev.loupe.journal.DuplicateEventId;
import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.WrongExpectedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The journal's contract against a real PostgreSQL: given a stream, when appending, then events or rejection. */
class JdbcEventJournalIT {

  private static EmbeddedPostgres postgres;
  private static JdbcClient jdbc;
  private static JdbcEventJournal journal;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
    DataSource dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    journal = new JdbcEventJournal(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        new SimpleMeterRegistry());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void shouldAppendToNewStreamAndReadItBackInOrder() {
    String stream = newStream();
    Instant happened = Instant.parse("2026-01-02T03:04:05Z");

    AppendResult result = journal.append(stream, ExpectedVersion.NO_STREAM, List.of(
        event("cause-a", 0, "{\"n\": 1}", happened), event("cause-a", 1, "{\"n\": 2}", happened)));

    assertThat(result).isEqualTo(new AppendResult(1, true));
    List<RecordedEvent> read = journal.readStream(stream);
    assertThat(read).extracting(RecordedEvent::version).containsExactly(0L, 1L);
    assertThat(read).extracting(RecordedEvent::type).containsOnly("SomethingHappened");
    assertThat(read.getFirst().payloadJson()).isEqualTo("{\"n\": 1}");
    assertThat(read.getFirst().eventTime()).isEqualTo(happened);
    assertThat(read.getFirst().recordedTime()).isAfter(happened);
    assertThat(read.getFirst().metadata()).isEqualTo(new EventMetadata("corr", "cause-a", "test"));
    assertThat(journal.readStream(stream, 1)).extracting(RecordedEvent::version).containsExactly(1L);
    assertThat(journal.streamVersion(stream)).isEqualTo(1);
  }

  @Test
  void shouldRejectAppendWithWrongExpectedVersionNamingBoth() {
    String stream = newStream();
    journal.append(stream, ExpectedVersion.NO_STREAM, List.of(event("first", 0, "{}", now())));

    assertThatThrownBy(() -> journal.append(stream, ExpectedVersion.NO_STREAM, List.of(event("second", 0, "{}", now()))))
        .isInstanceOfSatisfying(WrongExpectedVersion.class, wrong -> {
          assertThat(wrong.expected()).isEqualTo(ExpectedVersion.NO_STREAM);
          assertThat(wrong.actual()).isZero();
          assertThat(wrong).hasMessage("stream %s: expected version NO_STREAM, actual 0".formatted(stream));
        });
    assertThatThrownBy(() -> journal.append(stream, ExpectedVersion.exactly(5), List.of(event("third", 0, "{}", now()))))
        .isInstanceOf(WrongExpectedVersion.class)
        .hasMessageContaining("expected version 5, actual 0");
    assertThat(journal.streamVersion(stream)).isZero();
  }

  @Test
  void shouldAppendAtAnyVersion() {
    String stream = newStream();
    journal.append(stream, ExpectedVersion.ANY, List.of(event("one", 0, "{}", now())));

    AppendResult second = journal.append(stream, ExpectedVersion.ANY, List.of(event("two", 0, "{}", now())));

    assertThat(second.nextExpectedVersion()).isEqualTo(1);
  }

  @Test
  void shouldTreatRepeatedAppendOfSameEventsAsNoOp() {
    String stream = newStream();
    List<NewEvent> events = List.of(event("job:1", 0, "{\"a\": [1, 2]}", now()));
    journal.append(stream, ExpectedVersion.NO_STREAM, events);

    AppendResult retried = journal.append(stream, ExpectedVersion.NO_STREAM,
        List.of(event("job:1", 0, "{\"a\":[1,2]}", now().plusSeconds(5))));

    assertThat(retried).isEqualTo(new AppendResult(0, false));
    assertThat(journal.readStream(stream)).hasSize(1);
  }

  @Test
  void shouldRejectReusedEventIdWithOtherContent() {
    String stream = newStream();
    journal.append(stream, ExpectedVersion.NO_STREAM, List.of(event("job:2", 0, "{\"a\": 1}", now())));

    assertThatThrownBy(() -> journal.append(stream, ExpectedVersion.exactly(0),
        List.of(event("job:2", 0, "{\"a\": 2}", now()))))
        .isInstanceOf(DuplicateEventId.class)
        .hasMessageContaining("already stored with different content");
    assertThat(journal.readStream(stream)).hasSize(1);
  }

  @Test
  void shouldLetExactlyOneOfConcurrentWritersWinEachVersion() throws Exception {
    String stream = newStream();
    int writers = 8;
    int versions = 5;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int version = -1; version < versions - 1; version++) {
        ExpectedVersion expected = ExpectedVersion.of(version);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
          String cause = "writer-" + writer + "-v" + version;
          Callable<Boolean> attempt = () -> {
            start.await();
            try {
              journal.append(stream, expected, List.of(event(cause, 0, "{}", now())));
              return true;
            } catch (WrongExpectedVersion lost) {
              return false;
            }
          };
          attempts.add(pool.submit(attempt));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> attempt : attempts) {
          winners += attempt.get() ? 1 : 0;
        }
        assertThat(winners).as("winners at expected version %s", expected).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(journal.readStream(stream)).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void shouldRefuseUpdateDeleteAndTruncateOfEvents() {
    String stream = newStream();
    journal.append(stream, ExpectedVersion.NO_STREAM, List.of(event("kept", 0, "{\"v\": 1}", now())));

    assertThatThrownBy(() -> jdbc.sql("UPDATE journal_event SET payload = '{}' WHERE stream_id = :s")
        .param("s", stream).update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("journal events are append-only: UPDATE");
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM journal_event WHERE stream_id = :s").param("s", stream).update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("journal events are append-only: DELETE");
    assertThatThrownBy(() -> jdbc.sql("TRUNCATE journal_event").update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("journal events are append-only: TRUNCATE");
    assertThat(journal.readStream(stream)).singleElement()
        .extracting(RecordedEvent::payloadJson).isEqualTo("{\"v\": 1}");
  }

  @Test
  void shouldReadUnknownStreamAsEmpty() {
    assertThat(journal.readStream("task-unknown")).isEmpty();
    assertThat(journal.streamVersion("task-unknown")).isEqualTo(-1);
  }

  private static String newStream() {
    return "test-" + UUID.randomUUID();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  private static NewEvent event(String cause, int index, String payload, Instant eventTime) {
    return new NewEvent(EventIds.derive(cause, index), "SomethingHappened", 1, eventTime, payload,
        new EventMetadata("corr", cause, "test"));
  }
}
