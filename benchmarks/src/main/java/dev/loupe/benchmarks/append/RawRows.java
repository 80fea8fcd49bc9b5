package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.support.SampleEvent;
import dev.loupe.benchmarks.support.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The raw ceiling's rows: what Loupe's journal inserts for an event, column for column, into {@value #TABLE}, a
 * table created {@code LIKE} the journal's current month partition {@code INCLUDING ALL} (same defaults,
 * constraints and indexes as the table Loupe's appends land in).
 */
record RawRows(List<Row> rows) {

  static final String TABLE = "raw_event";
  static final String COLUMNS = "event_id, stream_id, stream_version, event_type, schema_version, event_time, "
      + "correlation_id, causation_id, actor, payload";
  static final int COLUMN_COUNT = 10;

  record Row(UUID eventId, String streamId, long version, String type, int schemaVersion, Instant eventTime,
      String correlationId, String causationId, String actor, String payloadJson) {}

  static void createSchema(DataSource database) {
    JdbcClient jdbc = JdbcClient.create(database);
    String partition = jdbc.sql("SELECT journal_ensure_partition(current_date)").query(String.class).single();
    jdbc.sql("CREATE TABLE " + TABLE + " (LIKE " + partition + " INCLUDING ALL)").update();
  }

  /** The stream's rows, payloads serialized to JSON here (as Loupe's caller does). */
  static RawRows of(String streamId, List<SampleEvent> events) {
    List<Row> rows = new ArrayList<>(events.size());
    long version = 0;
    for (SampleEvent event : events) {
      rows.add(new Row(event.eventId(), streamId, version++, event.type(), 1, event.eventTime(), event.correlationId(),
          event.causationId(), event.actor(), SampleEvents.json(event.payload())));
    }
    return new RawRows(rows);
  }
}
