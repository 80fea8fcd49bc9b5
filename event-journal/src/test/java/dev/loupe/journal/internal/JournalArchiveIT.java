package dev.loupe.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.Upcasters;
import dev.loupe.journal.archive.ArchiveProperties;
import dev.loupe.journal.archive.ArchivedPartition;
import dev.loupe.journal.archive.JournalArchive;
import dev.loupe.journal.archive.JournalPartitions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Archiving old months of the journal against a real PostgreSQL: given events recorded months ago, when their
 * partitions are archived, then they leave the database for compressed files and every stream still reads back
 * whole, byte for byte.
 */
class JournalArchiveIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedPostgres postgres;
  private static JdbcClient jdbc;
  private static Path directory;
  private static JournalArchive archive;
  private static JournalPartitions partitions;
  private static JdbcEventJournal journal;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
    DataSource dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    directory = Files.createTempDirectory("journal-archive");
    ArchiveProperties properties = new ArchiveProperties(directory, 2);
    archive = new JournalArchive(jdbc, dataSource, JSON, properties);
    partitions = new JournalPartitions(jdbc, properties);
    journal = new JdbcEventJournal(jdbc, transactions, archive, new Upcasters(List.of(), JSON),
        new SimpleMeterRegistry());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void shouldArchiveOldMonthsAndStillReadEveryStreamWhole() throws Exception {
    // given: a stream begun in March 2024, continued in April 2024 and today; another one only in March 2024
    String stream = "task-" + UUID.randomUUID();
    String oldStream = "task-" + UUID.randomUUID();
    recordedAt(stream, 0, "2024-03-05T10:00:00Z", "{\"step\": \"created\"}");
    recordedAt(oldStream, 0, "2024-03-06T10:00:00Z", "{\"step\": \"created\", \"boxes\": [1, 2, 3]}");
    recordedAt(stream, 1, "2024-03-31T23:59:59.999999Z", "{\"step\": \"detected\"}");
    recordedAt(stream, 2, "2024-04-01T00:00:00Z", "{\"step\": \"reviewed\"}");
    journal.append(stream, ExpectedVersion.exactly(2), List.of(event("today", 0), event("today", 1)));
    List<RecordedEvent> before = journal.readStream(stream);
    List<RecordedEvent> oldBefore = journal.readStream(oldStream);

    // when
    List<ArchivedPartition> archived = archive.archiveOlderThan(1);

    // then: both 2024 months are files, no longer partitions, and the rest of the journal is untouched
    assertThat(archived).extracting(ArchivedPartition::partition)
        .containsExactly("journal_event_y2024m03", "journal_event_y2024m04");
    assertThat(archived).extracting(ArchivedPartition::events).containsExactly(3L, 1L);
    assertThat(archive.partitions()).doesNotContain("journal_event_y2024m03", "journal_event_y2024m04")
        .isNotEmpty();
    assertThat(jdbc.sql("SELECT count(*) FROM journal_event WHERE stream_id = :s").param("s", stream)
        .query(Long.class).single()).isEqualTo(2);
    assertThat(linesOf(directory.resolve("journal_event_y2024m03.jsonl.gz"))).hasSize(3);
    assertThat(archived.getFirst().sha256()).hasSize(64);
    assertThat(archive.archived()).containsAll(archived);

    assertThat(journal.readStream(stream)).isEqualTo(before);
    assertThat(journal.readStream(stream)).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(journal.readStream(stream, 1)).isEqualTo(before.subList(1, 5));
    assertThat(journal.readStream(stream, 3)).isEqualTo(before.subList(3, 5));
    assertThat(journal.readStream(oldStream)).isEqualTo(oldBefore).singleElement()
        .extracting(RecordedEvent::payloadJson).isEqualTo("{\"step\": \"created\", \"boxes\": [1, 2, 3]}");
    assertThat(journal.streamVersion(oldStream)).isZero();

    // and the streams go on at their versions; archiving again finds nothing more to do
    journal.append(oldStream, ExpectedVersion.exactly(0), List.of(event("later", 0)));
    assertThat(journal.readStream(oldStream)).extracting(RecordedEvent::version).containsExactly(0L, 1L);
    assertThat(archive.archiveOlderThan(1)).isEmpty();
  }

  @Test
  void shouldReadEveryArchivedEventMonthByMonthWithEachStreamInOrder() throws Exception {
    // given: two streams recorded in January 2022, one going on into February 2022, archived
    String stream = "task-" + UUID.randomUUID();
    String other = "task-" + UUID.randomUUID();
    recordedAt(stream, 0, "2022-01-10T10:00:00Z", "{\"step\": \"created\"}");
    recordedAt(other, 0, "2022-01-11T10:00:00Z", "{\"step\": \"created\"}");
    recordedAt(stream, 1, "2022-01-12T10:00:00Z", "{\"step\": \"detected\"}");
    recordedAt(stream, 2, "2022-02-01T10:00:00Z", "{\"step\": \"reviewed\"}");
    archive.archiveOlderThan(1);

    // when
    List<RecordedEvent> read = new java.util.ArrayList<>();
    journal.readArchived(2, read::addAll);

    // then: the streams' events, each stream's in version order, January before February
    List<RecordedEvent> ours = read.stream()
        .filter(event -> event.streamId().equals(stream) || event.streamId().equals(other))
        .toList();
    assertThat(ours).extracting(event -> event.streamId() + "@" + event.version())
        .containsSubsequence(stream + "@0", stream + "@1", stream + "@2")
        .contains(other + "@0")
        .hasSize(4);
    assertThat(ours).filteredOn(event -> event.streamId().equals(stream))
        .isEqualTo(journal.readStream(stream));
  }

  @Test
  void shouldSayWhichFileIsMissingRatherThanReadAStreamInPart() throws Exception {
    String stream = "task-" + UUID.randomUUID();
    recordedAt(stream, 0, "2023-07-14T08:00:00Z", "{}");
    archive.archiveOlderThan(1);
    Path file = directory.resolve("journal_event_y2023m07.jsonl.gz");
    Path away = Files.move(file, directory.resolve("elsewhere.gz"));
    try {
      assertThatThrownBy(() -> journal.readStream(stream))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("journal_event_y2023m07.jsonl.gz is missing");
    } finally {
      Files.move(away, file);
    }
    assertThat(journal.readStream(stream)).hasSize(1);
  }

  @Test
  void shouldRefuseToArchiveWhileAReaderHoldsTheMonthsAndArchiveOnceItLetsGo() throws Exception {
    // given: an old month, and a reader of the whole journal holding the months
    recordedAt("task-held", 0, "2021-06-10T12:00:00Z", "{}");
    try (Connection reader = postgres.getPostgresDatabase().getConnection()) {
      JournalArchive.holdMonths(reader);

      // when / then
      assertThatThrownBy(() -> archive.archiveOlderThan(1)).isInstanceOf(JournalArchive.MonthsHeld.class);
      assertThat(archive.partitions()).contains("journal_event_y2021m06");

      // and when the reader lets go
      JournalArchive.releaseMonths(reader);
    }

    // then
    assertThat(archive.archiveOlderThan(1)).extracting(ArchivedPartition::partition)
        .contains("journal_event_y2021m06");
  }

  @Test
  void shouldRefuseToArchiveTheCurrentMonth() {
    assertThatThrownBy(() -> archive.archiveOlderThan(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("months must be at least 1");
  }

  @Test
  void shouldKeepPartitionsReadyForTheMonthsAhead() {
    List<String> ensured = partitions.ensure();

    assertThat(ensured).hasSize(3).doesNotHaveDuplicates();
    assertThat(archive.partitions()).containsAll(ensured);
    assertThat(partitions.ensure()).as("a second run creates nothing new").isEqualTo(ensured);
  }

  /** An event as it was stored months ago: written in SQL, since the journal stamps the database's own time. */
  private static void recordedAt(String stream, long version, String recordedTime, String payload) {
    Instant recorded = Instant.parse(recordedTime);
    jdbc.sql("SELECT journal_ensure_partition(CAST(:day AS date))").param("day", recordedTime.substring(0, 10))
        .query(String.class).single();
    jdbc.sql("""
            INSERT INTO journal_event (event_id, stream_id, stream_version, event_type, schema_version, event_time,
                                       recorded_time, correlation_id, causation_id, actor, payload)
            VALUES (:id, :stream, :version, 'SomethingHappened', 1, :time, :time, 'corr', 'cause', 'test',
                    CAST(:payload AS jsonb))
            """)
        .param("id", EventIds.derive(stream, (int) version))
        .param("stream", stream)
        .param("version", version)
        .param("time", Timestamp.from(recorded))
        .param("payload", payload)
        .update();
    jdbc.sql("""
            INSERT INTO journal_stream (stream_id, version) VALUES (:stream, :version)
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
            """)
        .param("stream", stream)
        .param("version", version)
        .update();
  }

  private static NewEvent event(String cause, int index) {
    return new NewEvent(EventIds.derive(cause + UUID.randomUUID(), index), "SomethingHappened", 1,
        Instant.now().truncatedTo(ChronoUnit.MICROS), "{\"step\": \"" + cause + "\"}",
        new EventMetadata("corr", cause, "test"));
  }

  private static List<String> linesOf(Path gzipFile) throws Exception {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(gzipFile)), StandardCharsets.UTF_8))) {
      return lines.lines().toList();
    }
  }
}
