package dev.loupe.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.journal.Snapshot;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class JdbcSnapshotStoreIT {

  private static EmbeddedPostgres postgres;
  private static JdbcSnapshotStore snapshots;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    DataSource dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    snapshots = new JdbcSnapshotStore(JdbcClient.create(dataSource));
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void shouldKeepTheNewestSnapshotOfAStream() {
    snapshots.save(new Snapshot("s-1", 9, "Task", 1, "{\"v\": 9}"));
    snapshots.save(new Snapshot("s-1", 19, "Task", 1, "{\"v\": 19}"));
    snapshots.save(new Snapshot("s-1", 4, "Task", 1, "{\"v\": 4}"));

    assertThat(snapshots.load("s-1")).contains(new Snapshot("s-1", 19, "Task", 1, "{\"v\": 19}"));
    assertThat(snapshots.load("s-2")).isEmpty();
  }
}
