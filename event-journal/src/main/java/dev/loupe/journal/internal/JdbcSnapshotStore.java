package dev.loupe.journal.internal;

import dev.loupe.journal.Snapshot;
import dev.loupe.journal.SnapshotStore;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Snapshots in {@code journal_snapshot}, next to the events; a newer snapshot replaces an older one. */
@Component
class JdbcSnapshotStore implements SnapshotStore {

  private final JdbcClient jdbc;

  JdbcSnapshotStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Snapshot> load(String streamId) {
    return jdbc.sql("""
            SELECT stream_id, stream_version, state_type, schema_version, state::text AS state
            FROM journal_snapshot WHERE stream_id = :stream
            """)
        .param("stream", streamId)
        .query((row, rowNumber) -> new Snapshot(row.getString("stream_id"), row.getLong("stream_version"),
            row.getString("state_type"), row.getInt("schema_version"), row.getString("state")))
        .optional();
  }

  @Override
  public void save(Snapshot snapshot) {
    jdbc.sql("""
            INSERT INTO journal_snapshot (stream_id, stream_version, state_type, schema_version, state)
            VALUES (:stream, :version, :type, :schemaVersion, CAST(:state AS jsonb))
            ON CONFLICT (stream_id) DO UPDATE
              SET stream_version = excluded.stream_version, state_type = excluded.state_type,
                  schema_version = excluded.schema_version, state = excluded.state, taken_at = now()
              WHERE journal_snapshot.stream_version < excluded.stream_version
            """)
        .param("stream", snapshot.streamId())
        .param("version", snapshot.version())
        .param("type", snapshot.stateType())
        .param("schemaVersion", snapshot.schemaVersion())
        .param("state", snapshot.stateJson())
        .update();
  }
}
