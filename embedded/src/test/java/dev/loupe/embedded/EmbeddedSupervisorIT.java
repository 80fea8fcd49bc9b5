package dev.loupe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A child server of the embedded default that was killed runs again, on the same port with the same data. */
class EmbeddedSupervisorIT {

  @Test
  void shouldStartPostgresAgainWithItsCommittedRowsWhenItsPostmasterWasKilled() throws Exception {
    // given: a durable PostgreSQL with a committed row, and its postmaster SIGKILLed
    Path data = Files.createTempDirectory("embedded-supervisor").resolve("postgres");
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(data, Ports.freePort(),
        EmbeddedPostgresServer.Durability.DURABLE);
    Map<String, String> properties = server.start();
    try {
      execute(properties, "CREATE TABLE journal_probe (id INT PRIMARY KEY); INSERT INTO journal_probe VALUES (7)");
      ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"))
          .getFirst().trim())).orElseThrow();
      postmaster.destroyForcibly();
      postmaster.onExit().get(30, TimeUnit.SECONDS);
      assertThat(server.alive()).isFalse();

      // when
      List<String> restarted = new EmbeddedSupervisor(() -> List.of(server), () -> false).restartDead();

      // then
      assertThat(restarted).containsExactly("PostgreSQL");
      assertThat(server.alive()).isTrue();
      assertThat(queryOne(properties, "SELECT id FROM journal_probe")).isEqualTo(7);
    } finally {
      server.stop();
    }
  }

  @Test
  void shouldStartNothingWhileTheJvmShutsDownSoNoPostgresOutlivesLoupe() throws Exception {
    // given: a PostgreSQL stopped as zonky's shutdown hook stops it
    EmbeddedPostgresServer server = postgres(EmbeddedPostgresServer.Durability.FAST);
    server.start();
    server.stop();

    // when
    List<String> restarted = new EmbeddedSupervisor(() -> List.of(server), () -> true).restartDead();

    // then
    assertThat(restarted).isEmpty();
    assertThat(server.alive()).isFalse();
  }

  @Test
  void shouldLeaveARunningServerAlone() throws Exception {
    EmbeddedPostgresServer server = postgres(EmbeddedPostgresServer.Durability.FAST);
    server.start();
    try {
      assertThat(new EmbeddedSupervisor(() -> List.of(server), () -> false).restartDead()).isEmpty();
    } finally {
      server.stop();
    }
  }

  private static EmbeddedPostgresServer postgres(EmbeddedPostgresServer.Durability durability) throws Exception {
    return new EmbeddedPostgresServer(Files.createTempDirectory("embedded-supervisor").resolve("postgres"),
        Ports.freePort(), durability);
  }

  private static void execute(Map<String, String> properties, String sql) throws Exception {
    try (Connection connection = connect(properties); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static int queryOne(Map<String, String> properties, String sql) throws Exception {
    try (Connection connection = connect(properties); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }

  private static Connection connect(Map<String, String> properties) throws Exception {
    return DriverManager.getConnection(properties.get("spring.datasource.url"), EmbeddedPostgresServer.OWNER,
        EmbeddedPostgresServer.PASSWORD);
  }
}
