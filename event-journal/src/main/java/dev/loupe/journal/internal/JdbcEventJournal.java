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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal on PostgreSQL: optimistic appends guarded by the unique (stream_id, stream_version) key, reads
 * through the registered upcasters.
 */
@Component
class JdbcEventJournal implements EventJournal {

  private static final String COLUMNS = """
      event_id, stream_id, stream_version, position, transaction_id, event_type, schema_version, event_time,
      recorded_time, payload::text AS payload, correlation_id, causation_id, actor
      """;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private final TransactionTemplate transactions;
  private final Upcasters upcasters;
  private final Timer appendTimer;
  private final MeterRegistry meters;

  JdbcEventJournal(NamedParameterJdbcTemplate batch, TransactionTemplate transactions, Upcasters upcasters,
      MeterRegistry meters) {
    this.jdbc = JdbcClient.create(batch);
    this.batch = batch;
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
   * One round trip reads the stream's version and whether any of the event ids is stored; one batch inserts.
   * Concurrent writers expecting the same version race on the unique (stream, version) key: the loser's insert
   * fails and becomes a {@link WrongExpectedVersion}. Appends with {@code ANY} take a transaction-scoped lock
   * on the stream, so they never lose to each other (they can still lose to a concurrent exact-version append).
   */
  private AppendResult appendInTransaction(String streamId, ExpectedVersion expectedVersion, List<NewEvent> events) {
    if (expectedVersion.equals(ExpectedVersion.ANY)) {
      jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:stream, 0))").param("stream", streamId).query().singleRow();
    }
    UUID[] ids = events.stream().map(NewEvent::eventId).toArray(UUID[]::new);
    Map<String, Object> head = jdbc.sql("""
            SELECT coalesce(max(stream_version), -1) AS version,
                   (SELECT count(*) FROM journal_event WHERE event_id = ANY(:ids)) AS known
            FROM journal_event WHERE stream_id = :stream
            """)
        .param("stream", streamId)
        .param("ids", ids)
        .query()
        .singleRow();
    long current = ((Number) head.get("version")).longValue();
    if (((Number) head.get("known")).longValue() > 0 && alreadyStored(streamId, events)) {
      return new AppendResult(current, false);
    }
    if (!expectedVersion.accepts(current)) {
      throw new WrongExpectedVersion(streamId, expectedVersion, current);
    }
    SqlParameterSource[] rows = new SqlParameterSource[events.size()];
    for (int i = 0; i < events.size(); i++) {
      NewEvent event = events.get(i);
      rows[i] = new MapSqlParameterSource()
          .addValue("id", event.eventId())
          .addValue("stream", streamId)
          .addValue("version", current + 1 + i)
          .addValue("type", event.type())
          .addValue("schemaVersion", event.schemaVersion())
          .addValue("eventTime", Timestamp.from(event.eventTime()))
          .addValue("correlation", event.metadata().correlationId())
          .addValue("causation", event.metadata().causationId())
          .addValue("actor", event.metadata().actor())
          .addValue("payload", event.payloadJson());
    }
    batch.batchUpdate("""
        INSERT INTO journal_event (event_id, stream_id, stream_version, event_type, schema_version,
                                   event_time, correlation_id, causation_id, actor, payload)
        VALUES (:id, :stream, :version, :type, :schemaVersion, :eventTime, :correlation, :causation, :actor,
                CAST(:payload AS jsonb))
        """, rows);
    return new AppendResult(current + events.size(), true);
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
