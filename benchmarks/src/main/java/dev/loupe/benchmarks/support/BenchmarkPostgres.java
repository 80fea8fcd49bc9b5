package dev.loupe.benchmarks.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One embedded PostgreSQL (zonky's binaries, as Loupe's embedded default) for the whole run. Every measurement gets a
 * fresh database copied from a template that holds every system's schema, so each starts from the same empty tables.
 */
public final class BenchmarkPostgres implements AutoCloseable {

  public static final String USER = "postgres";
  /** The server trusts local connections; Debezium insists on a password, any will do. */
  public static final String PASSWORD = "benchmark";
  private static final String TEMPLATE = "bench_template";
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  /** Server settings the report quotes. */
  private static final List<String> REPORTED_SETTINGS = List.of("server_version", "fsync", "synchronous_commit",
      "full_page_writes", "shared_buffers", "wal_level", "max_connections", "default_toast_compression", "wal_compression");

  private final EmbeddedPostgres postgres;
  private final JdbcClient admin;

  private BenchmarkPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.admin = JdbcClient.create(postgres.getPostgresDatabase());
  }

  /**
   * Starts PostgreSQL as Loupe's embedded server runs it: logical decoding on (for the relay), {@code durability}'s
   * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}, then {@code settings}, which win. Fails
   * when the server does not run with the durability asked for.
   */
  public static BenchmarkPostgres start(Durability durability, Map<String, String> settings) throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_wal_senders", "4")
        .setServerConfig("max_replication_slots", "4")
        .setServerConfig("listen_addresses", "127.0.0.1");
    durability.serverSettings().forEach(builder::setServerConfig);
    settings.forEach(builder::setServerConfig);
    BenchmarkPostgres postgres = new BenchmarkPostgres(builder.start());
    Map<String, String> running = postgres.settings();
    durability.serverSettings().forEach((name, value) -> {
      String expected = settings.getOrDefault(name, value);
      if (!expected.equals(running.get(name))) {
        postgres.closeQuietly();
        throw new IllegalStateException("PostgreSQL runs with %s=%s, not %s".formatted(name, running.get(name),
            expected));
      }
    });
    return postgres;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException ignored) {
      // already failing for a better reason
    }
  }

  /** Creates the template database and lets each system create its schema in it. */
  public void prepareTemplate(List<Consumer<DataSource>> schemas) {
    admin.sql("CREATE DATABASE " + TEMPLATE).update();
    try (HikariDataSource template = pool(TEMPLATE, 2)) {
      schemas.forEach(schema -> schema.accept(template));
    }
  }

  /** A new database copied from the template, with a pool of {@code connections}. */
  public HikariDataSource freshDatabase(String name, int connections) {
    admin.sql("CREATE DATABASE " + checked(name) + " TEMPLATE " + TEMPLATE).update();
    return pool(name, connections);
  }

  /** Drops the database and any replication slot left on it (a slot whose consumer just stopped may be busy a moment). */
  public void dropDatabase(String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        admin.sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = :database")
            .param("database", checked(name))
            .query()
            .listOfRows();
        break;
      } catch (DataAccessException slotStillActive) {
        if (System.nanoTime() > deadline) {
          throw slotStillActive;
        }
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
    }
    admin.sql("DROP DATABASE IF EXISTS " + checked(name) + " WITH (FORCE)").update();
  }

  /** Writes every dirty buffer now, so that a checkpoint caused by the previous measurement does not land in the next. */
  public void checkpoint() {
    admin.sql("CHECKPOINT").update();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + checked(database);
  }

  /** The server's version and the settings that shape the numbers. */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : REPORTED_SETTINGS) {
      settings.put(name, admin.sql("SELECT current_setting('" + name + "')").query(String.class).single());
    }
    return settings;
  }

  private HikariDataSource pool(String database, int connections) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-" + database);
    config.setJdbcUrl(jdbcUrl(database));
    config.setUsername(USER);
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(connections);
    config.setMinimumIdle(connections);
    return new HikariDataSource(config);
  }

  private static String checked(String database) {
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + database);
    }
    return database;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
