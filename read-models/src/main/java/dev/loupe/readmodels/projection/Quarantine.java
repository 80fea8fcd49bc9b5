package dev.loupe.readmodels.projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Streams whose own journal events cannot be folded into a read model ({@code read_model_quarantine}): listed for
 * people, their document marked stale, never retried in a loop. A later event of the stream folds it from the
 * journal again; once that succeeds (a fixed projection) the stream leaves the quarantine. So does a stream a
 * rebuild folded without quarantining it again.
 */
@Component
public class Quarantine {

  /** A quarantined stream: the version its fold failed at, and why. */
  public record QuarantinedStream(String readModel, String streamId, long version, String reason,
      Instant quarantinedAt) {}

  private final JdbcClient jdbc;

  Quarantine(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void put(String readModel, String streamId, long version, String reason) {
    jdbc.sql("""
            INSERT INTO read_model_quarantine (read_model, stream_id, stream_version, reason) VALUES (:m, :s, :v, :r)
            ON CONFLICT (read_model, stream_id)
            DO UPDATE SET stream_version = :v, reason = :r, quarantined_time = now()
            """)
        .param("m", readModel).param("s", streamId).param("v", version).param("r", reason)
        .update();
  }

  void release(String readModel, String streamId) {
    jdbc.sql("DELETE FROM read_model_quarantine WHERE read_model = :m AND stream_id = :s")
        .param("m", readModel).param("s", streamId)
        .update();
  }

  /** The database's clock, which quarantine times are on. */
  Instant now() {
    return jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
  }

  /**
   * Releases the read model's streams quarantined before {@code since} and not again since: a rebuild that started
   * then has folded every one of their events into the index it swapped in.
   *
   * @return the streams released
   */
  List<String> releaseQuarantinedBefore(String readModel, Instant since) {
    return jdbc.sql("""
            DELETE FROM read_model_quarantine WHERE read_model = :m AND quarantined_time < :since
            RETURNING stream_id
            """)
        .param("m", readModel).param("since", Timestamp.from(since))
        .query(String.class)
        .list();
  }

  public List<QuarantinedStream> of(String readModel) {
    return jdbc.sql("""
            SELECT read_model, stream_id, stream_version, reason, quarantined_time FROM read_model_quarantine
            WHERE read_model = :m ORDER BY quarantined_time
            """)
        .param("m", readModel)
        .query((row, n) -> new QuarantinedStream(row.getString("read_model"), row.getString("stream_id"),
            row.getLong("stream_version"), row.getString("reason"), row.getTimestamp("quarantined_time").toInstant()))
        .list();
  }

  public long count() {
    return jdbc.sql("SELECT count(*) FROM read_model_quarantine").query(Long.class).single();
  }
}
