package dev.loupe.readmodels.projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The latest rebuild of each read model ({@code read_model_rebuild}), as the instance running it last wrote it. */
@Component
class RebuildStatuses {

  private final JdbcClient jdbc;

  RebuildStatuses(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void save(RebuildStatus status) {
    jdbc.sql("""
            INSERT INTO read_model_rebuild
              (read_model, state, from_index, to_index, events, started_time, finished_time, error)
            VALUES (:m, :state, :from, :to, :events, :started, :finished, :error)
            ON CONFLICT (read_model) DO UPDATE SET state = :state, from_index = :from, to_index = :to,
              events = :events, started_time = :started, finished_time = :finished, error = :error
            """)
        .param("m", status.readModel()).param("state", status.state())
        .param("from", status.fromIndex()).param("to", status.toIndex()).param("events", status.events())
        .param("started", Timestamp.from(status.startedAt()))
        .param("finished", status.finishedAt() == null ? null : Timestamp.from(status.finishedAt()))
        .param("error", status.error())
        .update();
  }

  Optional<RebuildStatus> find(String readModel) {
    return jdbc.sql("""
            SELECT read_model, state, from_index, to_index, events, started_time, finished_time, error
            FROM read_model_rebuild WHERE read_model = :m
            """)
        .param("m", readModel)
        .query((row, n) -> new RebuildStatus(row.getString("read_model"), row.getString("state"),
            row.getString("from_index"), row.getString("to_index"), row.getLong("events"),
            row.getTimestamp("started_time").toInstant(), instant(row.getTimestamp("finished_time")),
            row.getString("error")))
        .optional();
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
