package dev.loupe.operatorwork;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which Zeebe job holds a task's operator step: the user task's job key, kept until the operator finishes.
 * Operational state, not domain facts: the journal stays the truth of what operators did.
 *
 * <p>The embedded engine ({@code loupe.recovery.enabled}) forgets everything when Loupe restarts and hands out the
 * same job keys again, so a key remembered before this JVM started names some other job now: completing it would move
 * another task's recipe on, past an operator who never finished, or past a gateway without the variable it reads. Such
 * keys are never handed out; the task's operator job is remembered again when its recovered recipe reaches the step.
 * A cluster's keys stay unique, and are all used.
 */
@Repository
class OperatorWorkItems {

  private final JdbcClient jdbc;
  private final Optional<Instant> keysValidSince;

  OperatorWorkItems(JdbcClient jdbc, @Value("${loupe.recovery.enabled:false}") boolean embeddedEngine) {
    this.jdbc = jdbc;
    this.keysValidSince = embeddedEngine
        ? Optional.of(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()))
        : Optional.empty();
  }

  void remember(String taskId, long jobKey) {
    jdbc.sql("""
            INSERT INTO operator_work_item (task_id, job_key) VALUES (:task, :job)
            ON CONFLICT (task_id) DO UPDATE SET job_key = excluded.job_key, activated_at = now()
            """)
        .param("task", taskId)
        .param("job", jobKey)
        .update();
  }

  /** The job key held for the task's operator step, if one was remembered by the engine that runs now. */
  Optional<Long> jobKeyOf(String taskId) {
    if (keysValidSince.isPresent()) {
      return jdbc.sql("SELECT job_key FROM operator_work_item WHERE task_id = :task AND activated_at >= :since")
          .param("task", taskId)
          .param("since", Timestamp.from(keysValidSince.get()))
          .query(Long.class)
          .optional();
    }
    return jdbc.sql("SELECT job_key FROM operator_work_item WHERE task_id = :task")
        .param("task", taskId)
        .query(Long.class)
        .optional();
  }

  void forget(String taskId, long jobKey) {
    jdbc.sql("DELETE FROM operator_work_item WHERE task_id = :task AND job_key = :job")
        .param("task", taskId)
        .param("job", jobKey)
        .update();
  }

  /** The task an operator session was opened on, as the journal's OperatorAssigned events say. */
  Optional<String> taskOfSession(String sessionId) {
    return jdbc.sql("""
            SELECT correlation_id FROM journal_event
            WHERE event_type = 'OperatorAssigned' AND payload ->> 'sessionId' = :session
            """)
        .param("session", sessionId)
        .query(String.class)
        .optional();
  }
}
