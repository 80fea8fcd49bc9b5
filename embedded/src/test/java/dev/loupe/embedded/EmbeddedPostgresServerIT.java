package dev.loupe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL hands Loupe three roles, also in the data directory of a Loupe that connected as superuser. */
class EmbeddedPostgresServerIT {

  @Test
  void shouldCreateTheRolesAndHandTheSuperusersObjectsToTheOwnerInAnOlderDatabase() throws Exception {
    // given: a database an older Loupe migrated as the superuser
    Path data = Files.createTempDirectory("embedded-postgres").resolve("postgres");
    int port = Ports.freePort();
    EmbeddedPostgresServer older = new EmbeddedPostgresServer(data, port, EmbeddedPostgresServer.Durability.FAST);
    String url = older.start().get("spring.datasource.url");
    try (Connection superuser = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, "");
        Statement statement = superuser.createStatement()) {
      statement.execute("CREATE TABLE journal_event (position BIGINT GENERATED ALWAYS AS IDENTITY, payload TEXT)");
      statement.execute("CREATE FUNCTION journal_refuse_change() RETURNS INT LANGUAGE sql AS 'SELECT 1'");
      statement.execute("CREATE PUBLICATION loupe_journal FOR TABLE journal_event");
    }
    older.stop();

    // when: started again, as every start does
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(data, port, EmbeddedPostgresServer.Durability.FAST);
    Map<String, String> properties = server.start();
    try {
      // then
      String owner = properties.get("spring.flyway.user");
      assertThat(query(properties, owner, """
          SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname IN ('journal_event', 'journal_event_position_seq')
          UNION SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'journal_refuse_change'
          UNION SELECT pg_get_userbyid(pubowner) FROM pg_publication WHERE pubname = 'loupe_journal'
          UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()
          """)).containsExactly(owner);
      assertThat(query(properties, properties.get("spring.datasource.username"), """
          SELECT rolname || ' login:' || rolcanlogin || ' replication:' || rolreplication || ' super:' || rolsuper
          FROM pg_roles WHERE rolname LIKE 'loupe%' ORDER BY rolname
          """)).containsExactly(
              "loupe_app login:true replication:false super:false",
              "loupe_owner login:true replication:false super:false",
              "loupe_relay login:true replication:true super:false");
      assertThat(properties).containsEntry("spring.datasource.username", "loupe_app")
          .containsEntry("loupe.relay.username", "loupe_relay");
    } finally {
      server.stop();
    }
  }

  private static List<String> query(Map<String, String> properties, String user, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(properties.get("spring.datasource.url"), user,
            EmbeddedPostgresServer.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }
}
