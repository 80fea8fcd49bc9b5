package dev.loupe.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from zonky's embedded binaries, with logical decoding on for the journal relay. Data stays in
 * {@code <data-dir>/postgres} across restarts. Loupe connects as three roles of the database, as in a cluster
 * (docs/adr/0018-database-roles.md): {@value #OWNER} owns the schema (migrations, the archive), {@value #APPLICATION}
 * appends and reads, {@value #REPLICATION} streams the journal; the superuser only creates them.
 */
final class EmbeddedPostgresServer implements EmbeddedServer {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  static final String DATABASE = "loupe";
  /** zonky's superuser: creates the database and the roles, and Loupe never connects as it. */
  static final String SUPERUSER = "postgres";
  static final String OWNER = "loupe_owner";
  static final String APPLICATION = "loupe_app";
  static final String REPLICATION = "loupe_relay";
  /** The embedded server trusts local connections; clients that insist on a password (Debezium) get this one. */
  static final String PASSWORD = "loupe";

  /**
   * Gives the owner what the superuser created in the database before there were roles (a data directory of an
   * older Loupe): tables and partitions (their indexes, triggers and the sequences they own follow), other
   * sequences, functions and publications. Idempotent: a second run finds nothing the superuser owns.
   */
  private static final String ADOPT_SUPERUSER_OBJECTS = """
      DO
      $$
      DECLARE
          statement TEXT;
      BEGIN
          FOR statement IN
              SELECT format('ALTER %%s %%s OWNER TO %%I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                            c.oid::regclass, '%2$s')
              FROM pg_class c
              WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = '%1$s'::regrole
                AND c.relkind IN ('r', 'p', 'S')
                AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                          AND c.relkind = 'S' AND d.deptype IN ('a', 'i'))
              UNION ALL
              SELECT format('ALTER FUNCTION %%s OWNER TO %%I', p.oid::regprocedure, '%2$s')
              FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = '%1$s'::regrole
              UNION ALL
              SELECT format('ALTER PUBLICATION %%I OWNER TO %%I', pubname, '%2$s')
              FROM pg_publication WHERE pubowner = '%1$s'::regrole
          LOOP
              EXECUTE statement;
          END LOOP;
      END
      $$""".formatted(SUPERUSER, OWNER);

  private final Path dataDirectory;
  private final int port;
  private final Durability durability;
  private EmbeddedPostgres postgres;

  EmbeddedPostgresServer(Path dataDirectory, int port, Durability durability) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.durability = durability;
  }

  /**
   * How the server keeps commits. The journal is the truth, so the default is {@link #DURABLE}: zonky's own
   * defaults ({@code -F}, {@code synchronous_commit=off}) lose committed events on a crash of the machine. {@link
   * #FAST} ({@code loupe.embedded.postgres.durable=false}) is zonky's old speed mode, for throwaway data only.
   */
  enum Durability {
    DURABLE("on", "on", "on"),
    FAST("off", "off", "off");

    private final String fsync;
    private final String synchronousCommit;
    private final String fullPageWrites;

    Durability(String fsync, String synchronousCommit, String fullPageWrites) {
      this.fsync = fsync;
      this.synchronousCommit = synchronousCommit;
      this.fullPageWrites = fullPageWrites;
    }

    String fsync() {
      return fsync;
    }

    String synchronousCommit() {
      return synchronousCommit;
    }

    String fullPageWrites() {
      return fullPageWrites;
    }
  }

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public Map<String, String> start() throws Exception {
    Files.createDirectories(dataDirectory);
    postgres = EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_wal_senders", "4")
        .setServerConfig("max_replication_slots", "4")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("fsync", durability.fsync())
        .setServerConfig("synchronous_commit", durability.synchronousCommit())
        .setServerConfig("full_page_writes", durability.fullPageWrites())
        .start();
    createDatabaseIfMissing();
    createRolesIfMissing();
    return Map.of(
        "spring.datasource.url", "jdbc:postgresql://" + address() + "/" + DATABASE,
        "spring.datasource.username", APPLICATION,
        "spring.datasource.password", PASSWORD,
        "spring.flyway.user", OWNER,
        "spring.flyway.password", PASSWORD,
        "loupe.relay.username", REPLICATION,
        "loupe.relay.password", PASSWORD);
  }

  /**
   * A PostgreSQL left running by a Loupe that was killed still holds the data directory and the port: stop it
   * (SIGTERM: PostgreSQL's smart shutdown) before its port is checked. Its pid is the first line of
   * {@code postmaster.pid}, our data directory the second; a pid file of another directory is left alone.
   */
  static void stopLeftoverServer(Path dataDirectory) throws Exception {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    String firstLine = lines.isEmpty() ? "" : lines.getFirst().trim();
    boolean ours = lines.size() > 1 && Path.of(lines.get(1).trim()).equals(dataDirectory.toAbsolutePath());
    if (!firstLine.matches("\\d+") || !ours) {
      return;
    }
    Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(firstLine))
        .filter(ProcessHandle::isAlive)
        .filter(handle -> handle.info().command().orElse("").endsWith("postgres"));
    if (leftover.isPresent()) {
      log.warn("stopping PostgreSQL (pid {}) left over by an earlier run", leftover.get().pid());
      leftover.get().destroy();
      leftover.get().onExit().get(30, TimeUnit.SECONDS);
    }
  }

  private void createDatabaseIfMissing() throws Exception {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet exists = statement.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (exists.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + DATABASE);
    }
  }

  /**
   * Creates the three roles where they are missing and makes the owner the database's owner (PostgreSQL 15 on, that
   * is what may create in its {@code public} schema). Runs at every start, so a database of an older Loupe, which
   * connected as the superuser, gets the roles and hands its objects to the owner.
   */
  private void createRolesIfMissing() throws Exception {
    try (Connection connection = postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
        Statement statement = connection.createStatement()) {
      createRoleIfMissing(statement, OWNER, "LOGIN");
      createRoleIfMissing(statement, APPLICATION, "LOGIN");
      createRoleIfMissing(statement, REPLICATION, "LOGIN REPLICATION");
      statement.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + OWNER);
      statement.execute(ADOPT_SUPERUSER_OBJECTS);
    }
  }

  private static void createRoleIfMissing(Statement statement, String role, String attributes) throws Exception {
    statement.execute("""
        DO
        $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                CREATE ROLE %1$s;
            END IF;
        END
        $$""".formatted(role));
    statement.execute("ALTER ROLE " + role + " " + attributes + " PASSWORD '" + PASSWORD + "'");
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public List<Integer> ports() {
    return List.of(port);
  }

  /** Whether the postmaster named in {@code postmaster.pid} runs; a stopped server has no such file. */
  @Override
  public boolean alive() {
    try {
      Path pidFile = dataDirectory.resolve("postmaster.pid");
      List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
      return !lines.isEmpty() && lines.getFirst().trim().matches("\\d+")
          && ProcessHandle.of(Long.parseLong(lines.getFirst().trim())).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException unreadable) {
      return false;
    }
  }

  @Override
  public void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (Exception e) {
        throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
      }
    }
  }
}
