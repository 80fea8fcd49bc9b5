package dev.loupe.operatorwork;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.app.LoupeIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job keys of operator steps with the embedded engine, which hands out the same keys again after every restart.
 * A key remembered by an earlier engine completed some other task's job in the chaos runs of 2026-12-03: a task moved
 * past its operator step with nobody finishing it (its result then refused: "it is WAITING_FOR_OPERATOR"), and tasks
 * stopped after QualityCheckDecided when their quality-check job was completed without the variable its gateway reads.
 */
@LoupeIntegrationTest
class OperatorWorkItemsIT {

  @Autowired private OperatorWorkItems workItems;
  @Autowired private JdbcClient jdbc;

  @Test
  void shouldNotHandOutAJobKeyRememberedBeforeTheEmbeddedEngineStarted() {
    // given: one task's key remembered by the engine of an earlier run (before this JVM started), one by this one's
    String remembered = UUID.randomUUID().toString();
    String current = UUID.randomUUID().toString();
    jdbc.sql("""
            INSERT INTO operator_work_item (task_id, job_key, activated_at)
            VALUES (:task, 2251799813685300, now() - interval '1 day')""")
        .param("task", remembered)
        .update();
    workItems.remember(current, 2251799813685301L);

    // when / then
    assertThat(workItems.jobKeyOf(remembered)).isEmpty();
    assertThat(workItems.jobKeyOf(current)).contains(2251799813685301L);
  }
}
