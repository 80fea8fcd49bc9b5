package dev.loupe.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A journal written before partitioning (schema V1) migrates in place: every event keeps its position and
 * version, each stream gets its head, and the relay's publication follows the partitioned table.
 */
class JournalMigrationIT {

  @Test
  void shouldMoveAnUnpartitionedJournalIntoMonthlyPartitions() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start()) {
      DataSource dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).target("1").load().migrate();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      for (int version = 0; version < 3; version++) {
        jdbc.sql("""
                INSERT INTO journal_event (event_id, stream_id, stream_version, event_type, schema_version, event_time,
                                           payload)
                VALUES (gen_random_uuid(), 'task-1', :version, 'SomethingHappened', 1, now(), '{"n": 1}')
                """)
            .param("version", version)
            .update();
      }
      jdbc.sql("CREATE PUBLICATION loupe_journal FOR TABLE journal_event").update();
      long positionBefore = jdbc.sql("SELECT max(position) FROM journal_event").query(Long.class).single();

      Flyway.configure().dataSource(dataSource).load().migrate();

      assertThat(jdbc.sql("SELECT relkind::text FROM pg_class WHERE relname = 'journal_event'").query(String.class)
          .single()).as("partitioned").isEqualTo("p");
      assertThat(jdbc.sql("SELECT stream_version FROM journal_event WHERE stream_id = 'task-1' ORDER BY position")
          .query(Long.class).list()).containsExactly(0L, 1L, 2L);
      assertThat(jdbc.sql("SELECT version FROM journal_stream WHERE stream_id = 'task-1'").query(Long.class).single())
          .isEqualTo(2);
      assertThat(jdbc.sql("SELECT max(position) FROM journal_event").query(Long.class).single())
          .isEqualTo(positionBefore);
      jdbc.sql("""
              INSERT INTO journal_event (event_id, stream_id, stream_version, event_type, schema_version, event_time,
                                         payload)
              VALUES (gen_random_uuid(), 'task-2', 0, 'SomethingHappened', 1, now(), '{}')
              """).update();
      assertThat(jdbc.sql("SELECT position FROM journal_event WHERE stream_id = 'task-2'").query(Long.class).single())
          .as("positions go on after the migrated ones").isGreaterThan(positionBefore);
      assertThat(jdbc.sql("""
              SELECT pubviaroot AND EXISTS (SELECT 1 FROM pg_publication_tables
                                            WHERE pubname = 'loupe_journal' AND tablename = 'journal_event')
              FROM pg_publication WHERE pubname = 'loupe_journal'
              """).query(Boolean.class).single()).as("publication on the partitioned table, via its root").isTrue();
    }
  }
}
