package dev.loupe.journal.internal;

import dev.loupe.journal.AppendResult;
import dev.loupe.journal.DuplicateEventId;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.JournalPosition;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.StreamHead;
import dev.loupe.journal.StreamHeadCount;
import dev.loupe.journal.StreamHeadFilter;
import dev.loupe.journal.Upcasters;
import dev.loupe.journal.WrongExpectedVersion;
import dev.loupe.journal.archive.ArchivedPartition;
import dev.loupe.journal.archive.JournalArchive;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal on PostgreSQL: optimistic appends guarded by each stream's head row in {@code journal_stream},
 * events in the month-partitioned {@code journal_event} (and, once archived, in the {@link JournalArchive}'s
 * files), reads through the registered upcasters.
 */
@Component
class JdbcEventJournal implements EventJournal {

  private static final String COLUMNS = """
      event_id, stream_id, stream_version, position, transaction_id, event_type, schema_version, event_time,
      recorded_time, payload::text AS payload, correlation_id, causation_id, actor
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final JournalArchive archive;
  private final Upcasters upcasters;
  private final Timer appendTimer;
  private final MeterRegistry meters;

  JdbcEventJournal(JdbcClient jdbc, TransactionTemplate transactions, JournalArchive archive, Upcasters upcasters,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.archive = archive;
    this.upcasters = upcasters;
    this.meters = meters;
    this.appendTimer = Timer.builder("loupe.journal.append").description("journal appends").register(meters);
  }

  @Override
  public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<NewEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to append to stream " + streamId);
    }
    boolean ownTransaction = !TransactionSynchronizationManager.isActualTransactionActive();
    try {
      return appendTimer.record(() -> transactions.execute(tx -> appendInTransaction(streamId, expectedVersion, events)));
    } catch (WrongExpectedVersion conflict) {
      meters.counter("loupe.journal.conflicts").increment();
      throw conflict;
    } catch (DuplicateKeyException raced) {
      meters.counter("loupe.journal.conflicts").increment();
      if (ownTransaction && transactions.execute(tx -> alreadyStored(streamId, events))) {
        return new AppendResult(streamVersion(streamId), false);
      }
      throw new WrongExpectedVersion(streamId, expectedVersion, streamVersion(streamId));
    }
  }

  /**
   * The first statement locks the stream's head row in {@code journal_stream} and counts the event ids already
   * stored; the second inserts every event and moves the head, whatever the batch size. The count is taken before
   * the lock is granted, so when the head does not match the ids are counted again: a writer we waited for may
   * have stored these very events (a retry), which makes the append a no-op. Two writers creating the same
   * stream race on the head's primary key and the loser's insert fails, so {@code ANY} appends first take a
   * transaction-scoped lock on the stream's name: they never lose to each other, even on a new stream (they
   * can still lose to a concurrent exact-version append).
   */
  private AppendResult appendInTransaction(String streamId, ExpectedVersion expectedVersion, List<NewEvent> events) {
    if (expectedVersion.equals(ExpectedVersion.ANY)) {
      jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:stream, 0))").param("stream", streamId).query().singleRow();
    }
    EventColumns columns = EventColumns.of(events);
    Map<String, Object> head = jdbc.sql("""
            SELECT (SELECT version FROM journal_stream WHERE stream_id = :stream FOR UPDATE) AS version,
                   (SELECT count(*) FROM journal_event WHERE event_id = ANY(:ids)) AS known
            """)
        .param("stream", streamId)
        .param("ids", columns.ids())
        .query()
        .singleRow();
    boolean exists = head.get("version") != null;
    long current = exists ? ((Number) head.get("version")).longValue() : -1;
    long known = ((Number) head.get("known")).longValue();
    if (known == 0 && !expectedVersion.accepts(current)) {
      known = countStored(columns);
    }
    if (known > 0 && alreadyStored(streamId, columns)) {
      return new AppendResult(current, false);
    }
    if (!expectedVersion.accepts(current)) {
      throw new WrongExpectedVersion(streamId, expectedVersion, current);
    }
    String moveHead = exists
        ? "UPDATE journal_stream SET version = :last WHERE stream_id = :stream"
        : "INSERT INTO journal_stream (stream_id, version) VALUES (:stream, :last)";
    jdbc.sql("""
            WITH stored AS (
              INSERT INTO journal_event (event_id, stream_id, stream_version, event_type, schema_version, event_time,
                                         correlation_id, causation_id, actor, payload)
              SELECT e.id, :stream, :first + e.ordinality - 1, e.type, e.schema_version, e.event_time,
                     e.correlation_id, e.causation_id, e.actor, e.payload::jsonb
              FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:schemaVersions AS int[]),
                          CAST(:eventTimes AS timestamptz[]), CAST(:correlations AS text[]),
                          CAST(:causations AS text[]), CAST(:actors AS text[]), CAST(:payloads AS text[]))
                   WITH ORDINALITY
                   AS e(id, type, schema_version, event_time, correlation_id, causation_id, actor, payload, ordinality)
            )
            """ + moveHead)
        .param("stream", streamId)
        .param("first", current + 1)
        .param("last", current + events.size())
        .param("ids", columns.ids())
        .param("types", columns.types())
        .param("schemaVersions", columns.schemaVersions())
        .param("eventTimes", columns.eventTimes())
        .param("correlations", columns.correlations())
        .param("causations", columns.causations())
        .param("actors", columns.actors())
        .param("payloads", columns.payloads())
        .update();
    return new AppendResult(current + events.size(), true);
  }

  private long countStored(EventColumns columns) {
    return jdbc.sql("SELECT count(*) FROM journal_event WHERE event_id = ANY(:ids)")
        .param("ids", columns.ids())
        .query(Long.class)
        .single();
  }

  private boolean alreadyStored(String streamId, List<NewEvent> events) {
    return alreadyStored(streamId, EventColumns.of(events));
  }

  /**
   * True when every event is already stored with the same content (a retry); false when none is. A partial
   * match, or a match with other content, is a {@link DuplicateEventId}.
   */
  private boolean alreadyStored(String streamId, EventColumns columns) {
    List<Map.Entry<UUID, Boolean>> stored = jdbc.sql("""
            SELECT j.event_id, j.stream_id = :stream AND j.event_type = n.type
                               AND j.schema_version = n.schema_version AND j.payload = n.payload::jsonb AS same
            FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:schemaVersions AS int[]),
                        CAST(:payloads AS text[])) AS n(id, type, schema_version, payload)
            JOIN journal_event j ON j.event_id = n.id
            """)
        .param("stream", streamId)
        .param("ids", columns.ids())
        .param("types", columns.types())
        .param("schemaVersions", columns.schemaVersions())
        .param("payloads", columns.payloads())
        .query((row, n) -> Map.entry(row.getObject("event_id", UUID.class), row.getBoolean("same")))
        .list();
    for (Map.Entry<UUID, Boolean> event : stored) {
      if (!event.getValue()) {
        throw new DuplicateEventId(event.getKey(), streamId);
      }
    }
    if (!stored.isEmpty() && stored.size() < columns.ids().length) {
      throw new DuplicateEventId(columns.ids()[0], streamId);
    }
    return !stored.isEmpty();
  }

  /**
   * The stream's events from {@code fromVersion} on. Events of archived partitions come from the archive files,
   * the rest from the table: a stream whose first months are archived reads back whole.
   */
  @Override
  public List<RecordedEvent> readStream(String streamId, long fromVersion) {
    List<RecordedEvent> live = jdbc.sql("SELECT " + COLUMNS + """
            FROM journal_event WHERE stream_id = :stream AND stream_version >= :from ORDER BY stream_version
            """)
        .param("stream", streamId)
        .param("from", fromVersion)
        .query(this::toRecordedEvent)
        .list();
    if (!live.isEmpty() && live.getFirst().version() == fromVersion) {
      return live;
    }
    long before = live.isEmpty() ? Long.MAX_VALUE : live.getFirst().version();
    List<RecordedEvent> archived = archive.readStream(streamId, fromVersion, before).stream()
        .map(upcasters::upcast)
        .toList();
    if (archived.isEmpty()) {
      return live;
    }
    List<RecordedEvent> whole = new ArrayList<>(archived.size() + live.size());
    whole.addAll(archived);
    whole.addAll(live);
    return whole;
  }

  @Override
  public List<RecordedEvent> readAll(JournalPosition after, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + """
            FROM journal_event
            WHERE (transaction_id, position) > (:transaction, :position)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
            ORDER BY transaction_id, position
            LIMIT :limit
            """)
        .param("transaction", after.transactionId())
        .param("position", after.position())
        .param("limit", limit)
        .query(this::toRecordedEvent)
        .list();
  }

  @Override
  public JournalPosition end() {
    return new JournalPosition(jdbc.sql("SELECT pg_current_xact_id()::text::bigint").query(Long.class).single(), 0);
  }

  @Override
  public JournalPosition readable() {
    return new JournalPosition(jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        .query(Long.class).single(), 0);
  }

  @Override
  public void readArchived(int batchSize, Consumer<List<RecordedEvent>> batches) {
    for (ArchivedPartition month : archive.archived()) {
      archive.readMonth(month, batchSize, batch -> batches.accept(batch.stream().map(upcasters::upcast).toList()));
    }
  }

  /**
   * Walks {@code journal_stream} in stream id order and joins each head row to the event at the head's version;
   * the type filter applies to that row, so a page holds up to {@code limit} selected streams.
   */
  @Override
  public List<StreamHead> readStreamHeads(StreamHeadFilter filter, String afterStreamId, int limit) {
    return jdbc.sql("SELECT s.created_time, " + COLUMNS + """
            FROM journal_stream s
            JOIN journal_event e USING (stream_id)
            WHERE e.stream_version = s.version
              AND starts_with(s.stream_id, :prefix)
              AND s.stream_id > :after
              AND (e.event_type = ANY(:types)) = :matching
            ORDER BY s.stream_id
            LIMIT :limit
            """)
        .param("prefix", filter.streamPrefix())
        .param("after", afterStreamId)
        .param("types", filter.lastEventTypes().toArray(String[]::new))
        .param("matching", filter.matching())
        .param("limit", limit)
        .query((row, rowNumber) -> new StreamHead(toRecordedEvent(row, rowNumber),
            row.getTimestamp("created_time").toInstant()))
        .list();
  }

  /** Joins each head row of {@code journal_stream} to the event at its version and to the stream's first event. */
  @Override
  public List<StreamHeadCount> countStreamHeads(StreamHeadFilter filter, String firstEventField) {
    return jdbc.sql("""
            SELECT f.payload ->> :field AS first_event_field, e.event_type, count(*) AS streams
            FROM journal_stream s
            JOIN journal_event e ON e.stream_id = s.stream_id AND e.stream_version = s.version
            LEFT JOIN journal_event f ON f.stream_id = s.stream_id AND f.stream_version = 0
            WHERE starts_with(s.stream_id, :prefix)
              AND (e.event_type = ANY(:types)) = :matching
            GROUP BY 1, 2
            ORDER BY 1, 2
            """)
        .param("field", firstEventField)
        .param("prefix", filter.streamPrefix())
        .param("types", filter.lastEventTypes().toArray(String[]::new))
        .param("matching", filter.matching())
        .query((row, rowNumber) -> new StreamHeadCount(row.getString("first_event_field"), row.getString("event_type"),
            row.getLong("streams")))
        .list();
  }

  /**
   * Pages through {@code journal_stream} (every stream ever appended to keeps its head row) and reads each page's
   * live events in one query; a stream whose first live event is not its first is completed from the archive.
   */
  @Override
  public void readStreamsAsOf(String streamPrefix, JournalPosition asOf, int streamsPerPage,
      Consumer<List<List<RecordedEvent>>> pages) {
    String after = "";
    while (true) {
      List<String> streamIds = jdbc.sql("""
              SELECT stream_id FROM journal_stream
              WHERE starts_with(stream_id, :prefix) AND stream_id > :after
              ORDER BY stream_id LIMIT :limit
              """)
          .param("prefix", streamPrefix)
          .param("after", after)
          .param("limit", streamsPerPage)
          .query(String.class)
          .list();
      if (streamIds.isEmpty()) {
        return;
      }
      Map<String, List<RecordedEvent>> live = new LinkedHashMap<>();
      streamIds.forEach(streamId -> live.put(streamId, new ArrayList<>()));
      jdbc.sql("SELECT " + COLUMNS + """
              FROM journal_event
              WHERE stream_id = ANY(:streams) AND (transaction_id, position) < (:transaction, :position)
              ORDER BY stream_id, stream_version
              """)
          .param("streams", streamIds.toArray(String[]::new))
          .param("transaction", asOf.transactionId())
          .param("position", asOf.position())
          .query(this::toRecordedEvent)
          .list()
          .forEach(event -> live.get(event.streamId()).add(event));
      List<List<RecordedEvent>> page = new ArrayList<>();
      live.forEach((streamId, events) -> {
        List<RecordedEvent> whole = withArchivedStart(streamId, events, asOf);
        if (!whole.isEmpty()) {
          page.add(whole);
        }
      });
      pages.accept(page);
      if (streamIds.size() < streamsPerPage) {
        return;
      }
      after = streamIds.getLast();
    }
  }

  private List<RecordedEvent> withArchivedStart(String streamId, List<RecordedEvent> live, JournalPosition asOf) {
    if (!live.isEmpty() && live.getFirst().version() == 0) {
      return live;
    }
    long before = live.isEmpty() ? Long.MAX_VALUE : live.getFirst().version();
    List<RecordedEvent> whole = new ArrayList<>(archive.readStream(streamId, 0, before).stream()
        .filter(event -> event.journalPosition().compareTo(asOf) < 0)
        .map(upcasters::upcast)
        .toList());
    whole.addAll(live);
    return whole;
  }

  @Override
  public boolean contains(UUID eventId) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM journal_event WHERE event_id = :id)")
        .param("id", eventId)
        .query(Boolean.class)
        .single();
  }

  @Override
  public long streamVersion(String streamId) {
    return jdbc.sql("SELECT coalesce(max(version), -1) FROM journal_stream WHERE stream_id = :stream")
        .param("stream", streamId)
        .query(Long.class)
        .single();
  }

  private RecordedEvent toRecordedEvent(ResultSet row, int rowNumber) throws SQLException {
    return upcasters.upcast(new RecordedEvent(
        row.getObject("event_id", UUID.class),
        row.getString("stream_id"),
        row.getLong("stream_version"),
        row.getLong("position"),
        row.getLong("transaction_id"),
        row.getString("event_type"),
        row.getInt("schema_version"),
        row.getTimestamp("event_time").toInstant(),
        row.getTimestamp("recorded_time").toInstant(),
        row.getString("payload"),
        new EventMetadata(row.getString("correlation_id"), row.getString("causation_id"), row.getString("actor"))));
  }
}
