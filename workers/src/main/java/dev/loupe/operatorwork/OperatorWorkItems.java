package dev.loupe.operatorwork;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which Zeebe job holds a task's operator step: the user task's job key, kept until the operator finishes.
 * Operational state, not domain facts: the journal stays the truth of what operators did.
 */
@Repository
class OperatorWorkItems {

  private final JdbcClient jdbc;

  OperatorWorkItems(JdbcClient jdbc) {
    this.jdbc = jdbc;
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

  Optional<Long> jobKeyOf(String taskId) {
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
