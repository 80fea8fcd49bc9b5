package dev.loupe.journal.internal;

import dev.loupe.journal.AppendResult;
import dev.loupe.journal.DuplicateEventId;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.JournalPosition;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.Upcasters;
import dev.loupe.journal.WrongExpectedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal on PostgreSQL. Appends to one stream are serialized by a transaction-scoped advisory lock on
 * the stream id; the unique (stream_id, stream_version) constraint is the last line of defence.
 */
@Component
class JdbcEventJournal implements EventJournal {

  private static final String COLUMNS = """
      event_id, stream_id, stream_version, position, transaction_id, event_type, schema_version, event_time,
      recorded_time, payload::text AS payload, correlation_id, causation_id, actor
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Upcasters upcasters;
  private final Timer appendTimer;
  private final MeterRegistry meters;

  JdbcEventJournal(JdbcClient jdbc, TransactionTemplate transactions, Upcasters upcasters, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.upcasters = upcasters;
    this.meters = meters;
    this.appendTimer = Timer.builder("loupe.journal.append").description("journal appends").register(meters);
  }

  @Override
  public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<NewEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to append to stream " + streamId);
    }
    try {
      return appendTimer.record(() -> transactions.execute(tx -> appendLocked(streamId, expectedVersion, events)));
    } catch (WrongExpectedVersion | DuplicateKeyException conflict) {
      meters.counter("loupe.journal.conflicts").increment();
      if (conflict instanceof DuplicateKeyException) {
        throw new WrongExpectedVersion(streamId, expectedVersion, streamVersion(streamId));
      }
      throw conflict;
    }
  }

  private AppendResult appendLocked(String streamId, ExpectedVersion expectedVersion, List<NewEvent> events) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:stream, 0))").param("stream", streamId).query().singleRow();
    long current = streamVersion(streamId);
    if (alreadyStored(streamId, events)) {
      return new AppendResult(current, false);
    }
    if (!expectedVersion.accepts(current)) {
      throw new WrongExpectedVersion(streamId, expectedVersion, current);
    }
    long version = current;
    for (NewEvent event : events) {
      version++;
      jdbc.sql("""
              INSERT INTO journal_event (event_id, stream_id, stream_version, event_type, schema_version,
                                         event_time, correlation_id, causation_id, actor, payload)
              VALUES (:id, :stream, :version, :type, :schemaVersion, :eventTime, :correlation, :causation, :actor,
                      CAST(:payload AS jsonb))
              """)
          .param("id", event.eventId())
          .param("stream", streamId)
          .param("version", version)
          .param("type", event.type())
          .param("schemaVersion", event.schemaVersion())
          .param("eventTime", Timestamp.from(event.eventTime()))
          .param("correlation", event.metadata().correlationId())
          .param("causation", event.metadata().causationId())
          .param("actor", event.metadata().actor())
          .param("payload", event.payloadJson())
          .update();
    }
    return new AppendResult(version, true);
  }

  /**
   * True when every event is already stored with the same content (a retry); false when none is. A partial
   * match, or a match with other content, is a {@link DuplicateEventId}.
   */
  private boolean alreadyStored(String streamId, List<NewEvent> events) {
    Map<UUID, NewEvent> byId = events.stream().collect(Collectors.toMap(NewEvent::eventId, e -> e));
    int stored = 0;
    for (NewEvent event : byId.values()) {
      List<Boolean> same = jdbc.sql("""
              SELECT stream_id = :stream AND event_type = :type AND schema_version = :schemaVersion
                     AND payload = CAST(:payload AS jsonb)
              FROM journal_event WHERE event_id = :id
              """)
          .param("stream", streamId)
          .param("type", event.type())
          .param("schemaVersion", event.schemaVersion())
          .param("payload", event.payloadJson())
          .param("id", event.eventId())
          .query(Boolean.class)
          .list();
      if (same.isEmpty()) {
        continue;
      }
      if (!same.getFirst()) {
        throw new DuplicateEventId(event.eventId(), streamId);
      }
      stored++;
    }
    if (stored > 0 && stored < byId.size()) {
      throw new DuplicateEventId(events.getFirst().eventId(), streamId);
    }
    return stored > 0;
  }

  @Override
  public List<RecordedEvent> readStream(String streamId, long fromVersion) {
    return jdbc.sql("SELECT " + COLUMNS + """
            FROM journal_event WHERE stream_id = :stream AND stream_version >= :from ORDER BY stream_version
            """)
        .param("stream", streamId)
        .param("from", fromVersion)
        .query(this::toRecordedEvent)
        .list();
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
  public boolean contains(UUID eventId) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM journal_event WHERE event_id = :id)")
        .param("id", eventId)
        .query(Boolean.class)
        .single();
  }

  @Override
  public long streamVersion(String streamId) {
    return jdbc.sql("SELECT coalesce(max(stream_version), -1) FROM journal_event WHERE stream_id = :stream")
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
