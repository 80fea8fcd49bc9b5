package dev.loupe.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.journal.AppendResult;
import dev.loupe.journal.DuplicateEventId;
import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.EventUpcaster;
import dev.loupe.journal.JournalPosition;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.StreamHead;
import dev.loupe.journal.StreamHeadCount;
import dev.loupe.journal.StreamHeadFilter;
import dev.loupe.journal.Upcasters;
import dev.loupe.journal.WrongExpectedVersion;
import dev.loupe.journal.archive.ArchiveProperties;
import dev.loupe.journal.archive.JournalArchive;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JdbcEventJournal journal;
  private static TransactionTemplate transactions;

  /** Measured v1 had a bare number; v2 names its unit. */
  static final class AddUnitToMeasured implements EventUpcaster {
    @Override
    public String type() {
      return "Measured";
    }

    @Override
    public int fromVersion() {
      return 1;
    }

    @Override
    public ObjectNode upcast(ObjectNode payload) {
      return payload.put("unit", "px");
    }
  }

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
    DataSource dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    JournalArchive archive = new JournalArchive(jdbc, dataSource, JSON,
        new ArchiveProperties(Files.createTempDirectory("journal-archive"), 2));
    journal = new JdbcEventJournal(jdbc, transactions, archive, new Upcasters(List.of(new AddUnitToMeasured()), JSON),
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
  void shouldTreatRepeatedAppendAtAnyVersionAsNoOp() {
    String stream = newStream();
    List<NewEvent> batch = List.of(event("job:any", 0, "{}", now()), event("job:any", 1, "{}", now()));
    journal.append(stream, ExpectedVersion.ANY, batch);

    AppendResult retried = journal.append(stream, ExpectedVersion.ANY, batch);

    assertThat(retried).isEqualTo(new AppendResult(1, false));
    assertThat(journal.readStream(stream)).hasSize(2);
  }

  @Test
  void shouldRejectARetryThatMatchesOnlyPartOfTheStoredEvents() {
    String stream = newStream();
    journal.append(stream, ExpectedVersion.NO_STREAM, List.of(event("job:part", 0, "{}", now())));

    assertThatThrownBy(() -> journal.append(stream, ExpectedVersion.exactly(0),
        List.of(event("job:part", 0, "{}", now()), event("job:part", 1, "{}", now()))))
        .isInstanceOf(DuplicateEventId.class);
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
  void shouldWriteOnceWhenTheSameEventsAreAppendedConcurrently() throws Exception {
    String stream = newStream();
    List<NewEvent> events = List.of(event("job:race", 0, "{\"x\": 1}", now()), event("job:race", 1, "{}", now()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<AppendResult>> attempts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        attempts.add(pool.submit(() -> {
          start.await();
          return journal.append(stream, ExpectedVersion.NO_STREAM, events);
        }));
      }
      start.countDown();
      List<Boolean> written = new ArrayList<>();
      for (Future<AppendResult> attempt : attempts) {
        written.add(attempt.get().written());
      }
      assertThat(written).containsOnlyOnce(true);
    } finally {
      pool.shutdownNow();
    }
    assertThat(journal.readStream(stream)).hasSize(2);
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
    String partition = jdbc.sql("SELECT tableoid::regclass::text FROM journal_event WHERE stream_id = :s")
        .param("s", stream).query(String.class).single();
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM " + partition).update())
        .as("a partition named directly")
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("journal events are append-only: DELETE");
    assertThatThrownBy(() -> jdbc.sql("TRUNCATE " + partition).update())
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

  @Test
  void shouldReadOldSchemaVersionAsCurrentWithoutChangingStoredBytes() {
    String stream = newStream();
    journal.append(stream, ExpectedVersion.NO_STREAM, List.of(new NewEvent(EventIds.derive("old", 0), "Measured", 1,
        now(), "{\"value\": 3}", new EventMetadata("corr", "old", "test"))));

    RecordedEvent read = journal.readStream(stream).getFirst();

    assertThat(read.schemaVersion()).isEqualTo(2);
    assertThat(read.payloadJson()).isEqualTo("{\"value\":3,\"unit\":\"px\"}");
    assertThat(jdbc.sql("SELECT schema_version || ' ' || payload::text FROM journal_event WHERE stream_id = :s")
        .param("s", stream).query(String.class).single()).isEqualTo("1 {\"value\": 3}");
  }

  @Test
  void shouldAppendAndReadBackAFatEventWithFiveThousandBoxes() throws Exception {
    String stream = newStream();
    ArrayNode boxes = JSON.createArrayNode();
    for (int i = 0; i < 5_000; i++) {
      boxes.addObject().put("objectId", "o-" + i).put("imageIndex", i % 3).put("classId", "sku-" + (i % 97))
          .put("score", (i % 100) / 100.0).putObject("box").put("x", i).put("y", i * 2).put("w", 40).put("h", 80);
    }
    String payload = JSON.writeValueAsString(JSON.createObjectNode().set("objects", boxes));

    journal.append(stream, ExpectedVersion.NO_STREAM,
        List.of(new NewEvent(EventIds.derive("fat", 0), "ObjectsDetected", 1, now(), payload,
            new EventMetadata("corr", "fat", "test"))));

    JsonNode read = JSON.readTree(journal.readStream(stream).getFirst().payloadJson());
    assertThat(read).isEqualTo(JSON.readTree(payload));
    assertThat(read.path("objects")).hasSize(5_000);
    assertThat(jdbc.sql("SELECT count(*) FROM journal_event, jsonb_array_elements(payload -> 'objects') o "
            + "WHERE stream_id = :s AND o ->> 'classId' = 'sku-5'")
        .param("s", stream).query(Long.class).single()).as("payload stays queryable in SQL").isEqualTo(52);
  }

  @Test
  void shouldKnowWhichEventIdsAreStored() {
    String stream = newStream();
    NewEvent stored = event("known", 0, "{}", now());
    journal.append(stream, ExpectedVersion.NO_STREAM, List.of(stored));

    assertThat(journal.contains(stored.eventId())).isTrue();
    assertThat(journal.contains(EventIds.derive("unknown", 0))).isFalse();
  }

  @Test
  void shouldReadAllStreamsInCommitOrderWithoutSkippingALateCommit() throws Exception {
    JournalPosition start = lastPosition();
    String early = newStream();
    String late = newStream();
    CountDownLatch lateAppended = new CountDownLatch(1);
    CountDownLatch mayCommit = new CountDownLatch(1);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      // given: a transaction that appends first and commits last
      Future<?> slow = writer.submit(() -> transactions.executeWithoutResult(tx -> {
        journal.append(late, ExpectedVersion.NO_STREAM, List.of(event("late", 0, "{}", now())));
        lateAppended.countDown();
        awaitQuietly(mayCommit);
      }));
      lateAppended.await();
      journal.append(early, ExpectedVersion.NO_STREAM, List.of(event("early", 0, "{}", now())));

      // when
      List<RecordedEvent> whileOpen = journal.readAll(start, 100);
      mayCommit.countDown();
      slow.get();
      List<RecordedEvent> afterCommit = journal.readAll(start, 100);

      // then: nothing is returned past the open transaction, then both come in commit order
      assertThat(whileOpen).extracting(RecordedEvent::streamId).doesNotContain(late, early);
      assertThat(afterCommit).extracting(RecordedEvent::streamId).containsSubsequence(late, early);
      assertThat(afterCommit).extracting(RecordedEvent::journalPosition).isSorted();
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void shouldPlaceEventsOfOpenTransactionsBeforeTheEndAndLaterOnesAfterIt() throws Exception {
    String open = newStream();
    String later = newStream();
    CountDownLatch openAppended = new CountDownLatch(1);
    CountDownLatch mayCommit = new CountDownLatch(1);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      // given: a transaction that appended and has not committed
      Future<?> slow = writer.submit(() -> transactions.executeWithoutResult(tx -> {
        journal.append(open, ExpectedVersion.NO_STREAM, List.of(event("open-" + open, 0, "{}", now())));
        openAppended.countDown();
        awaitQuietly(mayCommit);
      }));
      openAppended.await();

      // when
      JournalPosition end = journal.end();
      JournalPosition readableWhileOpen = journal.readable();
      journal.append(later, ExpectedVersion.NO_STREAM, List.of(event("later-" + later, 0, "{}", now())));
      mayCommit.countDown();
      slow.get();

      // then: the open transaction's event lies before the end, which readAll could not reach while it was open;
      // the event appended afterwards lies after it; once it committed, readAll can read up to the end
      assertThat(journal.readStream(open).getFirst().journalPosition()).isLessThan(end);
      assertThat(readableWhileOpen).isLessThanOrEqualTo(journal.readStream(open).getFirst().journalPosition());
      assertThat(journal.readStream(later).getFirst().journalPosition()).isGreaterThan(end);
      assertThat(journal.readable()).isGreaterThan(end);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void shouldReadTheHeadsOfStreamsWithAPrefixInPagesFromTheFirst() {
    // given: three streams under one prefix, one of them with two events, and a stream under another prefix
    String prefix = "heads-" + UUID.randomUUID() + "-";
    Instant before = now();
    journal.append(prefix + "b", ExpectedVersion.NO_STREAM, List.of(event(prefix + "b", 0, "{\"n\": 1}", now())));
    Instant bCreated = now();
    journal.append(prefix + "b", ExpectedVersion.exactly(0), List.of(event(prefix + "b", 1, "{\"n\": 2}", now())));
    journal.append(prefix + "a", ExpectedVersion.NO_STREAM, List.of(event(prefix + "a", 0, "{}", now())));
    journal.append(prefix + "c", ExpectedVersion.NO_STREAM, List.of(event(prefix + "c", 0, "{}", now())));
    journal.append("other-" + prefix, ExpectedVersion.NO_STREAM, List.of(event("other-" + prefix, 0, "{}", now())));
    StreamHeadFilter all = StreamHeadFilter.lastEventNotIn(prefix);

    // when
    List<StreamHead> first = journal.readStreamHeads(all, "", 2);
    List<StreamHead> second = journal.readStreamHeads(all, first.getLast().streamId(), 2);

    // then: stream id order, each stream's last event and when it was created
    assertThat(first).extracting(StreamHead::streamId).containsExactly(prefix + "a", prefix + "b");
    assertThat(second).extracting(StreamHead::streamId).containsExactly(prefix + "c");
    StreamHead b = first.getLast();
    assertThat(b.lastEvent().version()).isEqualTo(1);
    assertThat(b.lastEvent().payloadJson()).isEqualTo("{\"n\": 2}");
    assertThat(b.lastEvent().metadata()).isEqualTo(new EventMetadata("corr", prefix + "b", "test"));
    assertThat(b.created()).isBetween(before, bCreated);
    assertThat(journal.readStreamHeads(all, prefix + "c", 2)).isEmpty();
  }

  @Test
  void shouldSelectStreamHeadsByTheTypeOfTheirLastEvent() {
    // given: one stream that ended with Finished, one that went on after it, one that never had it
    String prefix = "heads-" + UUID.randomUUID() + "-";
    journal.append(prefix + "ended", ExpectedVersion.NO_STREAM, List.of(
        event(prefix + "ended", 0, "{}", now()), typed("Finished", prefix + "ended", 1)));
    journal.append(prefix + "reopened", ExpectedVersion.NO_STREAM, List.of(
        typed("Finished", prefix + "reopened", 0), event(prefix + "reopened", 1, "{}", now())));
    journal.append(prefix + "open", ExpectedVersion.NO_STREAM, List.of(event(prefix + "open", 0, "{}", now())));

    // when
    List<StreamHead> finished = journal.readStreamHeads(StreamHeadFilter.lastEventIn(prefix, "Finished"), "", 10);
    List<StreamHead> unfinished = journal.readStreamHeads(
        StreamHeadFilter.lastEventNotIn(prefix, "Finished", "Abandoned"), "", 10);

    // then
    assertThat(finished).extracting(StreamHead::streamId).containsExactly(prefix + "ended");
    assertThat(unfinished).extracting(StreamHead::streamId).containsExactly(prefix + "open", prefix + "reopened");
  }

  @Test
  void shouldCountStreamHeadsPerLastEventTypeAndAFieldOfTheFirstEvent() {
    // given: two "red" streams waiting, one "red" stream finished, one "blue" stream waiting, one without a colour
    String prefix = "counts-" + UUID.randomUUID() + "-";
    for (String name : List.of("red-1", "red-2", "blue-1")) {
      String colour = name.substring(0, name.indexOf('-'));
      journal.append(prefix + name, ExpectedVersion.NO_STREAM, List.of(
          event(prefix + name, 0, "{\"colour\": \"" + colour + "\"}", now()), typed("Waiting", prefix + name, 1)));
    }
    journal.append(prefix + "red-3", ExpectedVersion.NO_STREAM, List.of(
        event(prefix + "red-3", 0, "{\"colour\": \"red\"}", now()), typed("Finished", prefix + "red-3", 1)));
    journal.append(prefix + "plain", ExpectedVersion.NO_STREAM, List.of(event(prefix + "plain", 0, "{}", now())));

    // when
    List<StreamHeadCount> counts = journal.countStreamHeads(StreamHeadFilter.lastEventNotIn(prefix, "Finished"),
        "colour");

    // then
    assertThat(counts).containsExactly(
        new StreamHeadCount("blue", "Waiting", 1),
        new StreamHeadCount("red", "Waiting", 2),
        new StreamHeadCount(null, "SomethingHappened", 1));
  }

  @Test
  void shouldUpcastTheLastEventOfAStreamHead() {
    String prefix = "heads-" + UUID.randomUUID() + "-";
    journal.append(prefix + "measured", ExpectedVersion.NO_STREAM, List.of(new NewEvent(EventIds.derive(prefix, 0),
        "Measured", 1, now(), "{\"value\": 3}", new EventMetadata("corr", prefix, "test"))));

    RecordedEvent last = journal.readStreamHeads(StreamHeadFilter.lastEventIn(prefix, "Measured"), "", 10)
        .getFirst().lastEvent();

    assertThat(last.schemaVersion()).isEqualTo(2);
    assertThat(last.payloadJson()).isEqualTo("{\"value\":3,\"unit\":\"px\"}");
  }

  @Test
  void shouldWalkEveryStreamHeadPageByPage() {
    // given: five streams under one prefix
    String prefix = "heads-" + UUID.randomUUID() + "-";
    for (int i = 0; i < 5; i++) {
      journal.append(prefix + i, ExpectedVersion.NO_STREAM, List.of(event(prefix + i, 0, "{}", now())));
    }
    List<List<StreamHead>> pages = new ArrayList<>();

    // when
    journal.readStreamHeads(StreamHeadFilter.lastEventNotIn(prefix), 2, pages::add);

    // then
    assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
    assertThat(pages.stream().flatMap(List::stream)).extracting(StreamHead::streamId)
        .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
  }

  @Test
  void shouldReadStreamsAsTheyStoodAtAPositionWhateverIsAppendedLater() {
    // given: two streams, then a position, then a third stream and more events on the first
    String prefix = "asof-" + UUID.randomUUID() + "-";
    journal.append(prefix + "b", ExpectedVersion.NO_STREAM, List.of(event(prefix + "b", 0, "{\"n\": 1}", now())));
    journal.append(prefix + "a", ExpectedVersion.NO_STREAM, List.of(
        event(prefix + "a", 0, "{\"n\": 1}", now()), event(prefix + "a", 1, "{\"n\": 2}", now())));
    JournalPosition asOf = journal.readable();
    journal.append(prefix + "a", ExpectedVersion.exactly(1), List.of(event(prefix + "a", 2, "{\"n\": 3}", now())));
    journal.append(prefix + "c", ExpectedVersion.NO_STREAM, List.of(event(prefix + "c", 0, "{}", now())));
    List<List<List<RecordedEvent>>> pages = new ArrayList<>();

    // when
    journal.readStreamsAsOf(prefix, asOf, 1, pages::add);

    // then: whole streams in stream id order, only what was there at the position, the later stream left out
    List<List<RecordedEvent>> streams = pages.stream().flatMap(List::stream).toList();
    assertThat(streams).extracting(stream -> stream.getFirst().streamId()).containsExactly(prefix + "a", prefix + "b");
    assertThat(streams.getFirst()).extracting(RecordedEvent::version).containsExactly(0L, 1L);
    assertThat(pages.getFirst()).hasSize(1);
  }

  private static JournalPosition lastPosition() {
    List<RecordedEvent> all = journal.readAll(JournalPosition.START, 100_000);
    return all.isEmpty() ? JournalPosition.START : all.getLast().journalPosition();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String newStream() {
    return "test-" + UUID.randomUUID();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  private static NewEvent typed(String type, String cause, int index) {
    return new NewEvent(EventIds.derive(cause, index), type, 1, now(), "{}", new EventMetadata("corr", cause, "test"));
  }

  private static NewEvent event(String cause, int index, String payload, Instant eventTime) {
    return new NewEvent(EventIds.derive(cause, index), "SomethingHappened", 1, eventTime, payload,
        new EventMetadata("corr", cause, "test"));
  }
}
