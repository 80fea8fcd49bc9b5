package dev.loupe.journal.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.faults.FaultPoints;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Streams every event inserted into the journal to Kafka with Debezium's embedded engine (pgoutput logical
 * decoding). Each batch is published and acknowledged by Kafka before Debezium may store its offsets in
 * PostgreSQL: delivery is at-least-once, in commit order, keyed by stream id so a stream keeps its order.
 */
public class JournalRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JournalRelay.class);
  private static final String OFFSET_TABLE = "journal_relay_offset";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FIRST_RESTART_BACKOFF = Duration.ofSeconds(2);
  private static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(1);
  private static final Duration STOP_RETRY = Duration.ofMillis(100);
  private static final Pattern POSTGRES_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");

  private final RelayProperties properties;
  private final DataSourceProperties database;
  private final KafkaTemplate<String, String> kafka;
  private final ObjectMapper json;
  private final JdbcClient jdbc;
  private final Counter published;
  /** The journal position of the newest event published since start; -1 until the first. */
  private final AtomicLong lastPublishedPosition = new AtomicLong(-1);
  private ExecutorService executor;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private volatile boolean running;
  private volatile boolean stopping;
  private volatile String lastFailure;
  private Duration restartBackoff = FIRST_RESTART_BACKOFF;
  private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "journal-relay-restarter");
    thread.setDaemon(true);
    return thread;
  });

  public JournalRelay(
      RelayProperties properties,
      DataSourceProperties database,
      KafkaTemplate<String, String> kafka,
      ObjectMapper json,
      JdbcClient jdbc,
      MeterRegistry meters) {
    this.properties = properties;
    this.database = database;
    this.kafka = kafka;
    this.json = json;
    this.jdbc = jdbc;
    this.published = Counter.builder("loupe.relay.published").description("journal events published").register(meters);
    Gauge.builder("loupe.relay.slot.lag.bytes", this, JournalRelay::slotLagBytes)
        .description("WAL the replication slot holds back: written but not yet confirmed by the relay")
        .baseUnit("bytes")
        .register(meters);
    Gauge.builder("loupe.relay.lag.events", this, JournalRelay::eventsBehind)
        .description("journal events inserted after the newest one the relay published (NaN before the first)")
        .register(meters);
  }

  @Override
  public synchronized void start() {
    stopping = false;
    forgetOffsetsIfSlotIsGone();
    engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(debeziumConfig())
        .notifying(this::publish)
        .using(this::engineStopped)
        .build();
    executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "journal-relay"));
    executor.execute(engine);
    running = true;
    log.info("journal relay started: slot {}, topics {}.*", properties.slotName(), properties.topicPrefix());
  }

  /**
   * The engine ended. Unless Loupe stopped it, that is a failure (Kafka unreachable past the producer's delivery
   * timeout, the database gone): the relay starts again after a backoff that doubles up to a minute, from the
   * last stored offsets, so nothing is lost and the read models catch up.
   */
  private void engineStopped(boolean success, String message, Throwable error) {
    running = false;
    if (stopping) {
      return;
    }
    lastFailure = message + (error == null ? "" : ": " + error.getMessage());
    Duration wait = restartBackoff;
    restartBackoff = restartBackoff.multipliedBy(2).compareTo(MAX_RESTART_BACKOFF) > 0
        ? MAX_RESTART_BACKOFF
        : restartBackoff.multipliedBy(2);
    log.error("journal relay stopped ({}); starting it again in {} s", lastFailure, wait.toSeconds(), error);
    restarter.schedule(() -> {
      synchronized (this) {
        if (!stopping && !running) {
          start();
        }
      }
    }, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Why the relay last stopped on its own; null when it never did. */
  public String lastFailure() {
    return lastFailure;
  }

  private void publish(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (RecordChangeEvent<SourceRecord> change : records) {
      insertedRow(change.record()).ifPresent(row -> {
        sends.add(send(JournalEnvelope.fromRow(row, json)));
        lastPublishedPosition.accumulateAndGet(row.getInt64("position"), Math::max);
      });
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    FaultPoints.reach(FaultPoints.RELAY_AFTER_SEND);
    for (RecordChangeEvent<SourceRecord> change : records) {
      committer.markProcessed(change);
    }
    committer.markBatchFinished();
    published.increment(sends.size());
    restartBackoff = FIRST_RESTART_BACKOFF;
  }

  private static Optional<Struct> insertedRow(SourceRecord record) {
    if (!(record.value() instanceof Struct change) || change.schema().field("after") == null) {
      return Optional.empty();
    }
    String operation = change.getString("op");
    boolean inserted = "c".equals(operation) || "r".equals(operation);
    return inserted ? Optional.ofNullable(change.getStruct("after")) : Optional.empty();
  }

  private CompletableFuture<?> send(JournalEnvelope envelope) {
    ProducerRecord<String, String> message =
        new ProducerRecord<>(properties.topicFor(envelope.aggregateType()), envelope.streamId(), envelope.json());
    message.headers()
        .add("loupe-event-id", bytes(envelope.eventId()))
        .add("loupe-event-type", bytes(envelope.type()))
        .add("loupe-schema-version", bytes(Integer.toString(envelope.schemaVersion())));
    return kafka.send(message);
  }

  /**
   * Debezium recreates a missing slot at the current WAL position, so offsets stored for the old slot would
   * silently skip whatever was written in between. Forgetting them makes the relay publish the whole journal
   * again (an initial snapshot): duplicates, which consumers handle, instead of a gap.
   */
  private void forgetOffsetsIfSlotIsGone() {
    boolean slotExists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :slot)")
        .param("slot", properties.slotName()).query(Boolean.class).single();
    String ownKey = "[\"" + properties.slotName() + "\",%";
    boolean offsetsStored = jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + OFFSET_TABLE + " WHERE offset_key LIKE :key)")
        .param("key", ownKey).query(Boolean.class).single();
    if (!slotExists && offsetsStored) {
      log.warn("replication slot {} is missing but relay offsets are stored: recreating the slot and publishing "
          + "the whole journal again (consumers see duplicates, never a gap)", properties.slotName());
      jdbc.sql("DELETE FROM " + OFFSET_TABLE + " WHERE offset_key LIKE :key").param("key", ownKey).update();
    }
  }

  private double slotLagBytes() {
    return jdbc.sql("""
            SELECT coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)
            FROM pg_replication_slots WHERE slot_name = :slot
            """)
        .param("slot", properties.slotName())
        .query(Double.class)
        .optional()
        .orElse(Double.NaN);
  }

  private double eventsBehind() {
    if (lastPublishedPosition.get() < 0) {
      return Double.NaN;
    }
    return jdbc.sql("SELECT count(*) FROM journal_event WHERE position > :last")
        .param("last", lastPublishedPosition.get())
        .query(Long.class)
        .single();
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private Properties debeziumConfig() {
    Matcher url = POSTGRES_URL.matcher(database.determineUrl());
    if (!url.matches()) {
      throw new IllegalStateException("the journal relay needs a jdbc:postgresql://host:port/database URL, got "
          + database.determineUrl());
    }
    String user = properties.username(database);
    String password = properties.password(database);
    Properties config = new Properties();
    // the engine's name keys its stored offsets: one relay per slot, each with offsets of its own
    config.setProperty("name", properties.slotName());
    config.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    config.setProperty("topic.prefix", "loupe");
    config.setProperty("database.hostname", url.group(1));
    config.setProperty("database.port", url.group(2) == null ? "5432" : url.group(2));
    config.setProperty("database.dbname", url.group(3));
    config.setProperty("database.user", user);
    config.setProperty("database.password", password);
    config.setProperty("plugin.name", "pgoutput");
    config.setProperty("slot.name", properties.slotName());
    config.setProperty("publication.name", properties.publicationName());
    // the publication is the owner's (R__grants.sql creates it): PostgreSQL lets only a table's owner publish it,
    // and the relay's role must not own the journal
    config.setProperty("publication.autocreate.mode", "disabled");
    config.setProperty("table.include.list", "public.journal_event");
    config.setProperty("snapshot.mode", "initial");
    // a snapshot (first start, a recreated slot, a relay killed before its first offset commit) must keep each
    // stream in order: a plain scan returns rows in heap order, which concurrent writers interleave
    config.setProperty("snapshot.select.statement.overrides", "public.journal_event");
    config.setProperty("snapshot.select.statement.overrides.public.journal_event",
        "SELECT * FROM public.journal_event ORDER BY position");
    config.setProperty("decimal.handling.mode", "string");
    config.setProperty("time.precision.mode", "adaptive_time_microseconds");
    config.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
    config.setProperty("offset.storage.jdbc.connection.url", database.determineUrl());
    config.setProperty("offset.storage.jdbc.connection.user", user);
    config.setProperty("offset.storage.jdbc.connection.password", password);
    config.setProperty("offset.storage.jdbc.table.name", OFFSET_TABLE);
    config.setProperty("poll.interval.ms", Long.toString(properties.pollInterval().toMillis()));
    config.setProperty("heartbeat.interval.ms", Long.toString(properties.heartbeatInterval().toMillis()));
    config.setProperty("heartbeat.action.query", """
        INSERT INTO journal_relay_heartbeat (id, beat_at) VALUES (1, now())
        ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at""");
    config.setProperty("offset.flush.interval.ms", Long.toString(properties.offsetFlushInterval().toMillis()));
    config.setProperty("errors.max.retries", "-1");
    return config;
  }

  /**
   * Closes the engine and waits for its thread to end. Debezium refuses to close while its tasks are still
   * starting, so a stop right after a start waits for them, up to {@link #STOP_TIMEOUT}.
   */
  @Override
  public void stop() {
    stopping = true;
    running = false;
    if (engine != null) {
      closeEngine();
    }
    if (executor != null) {
      executor.shutdown();
      awaitEngineThread();
    }
  }

  /**
   * Waits for the engine's thread to end: until it has, the old engine may still hold the replication slot, and a
   * relay started again at once would find it active.
   */
  private void awaitEngineThread() {
    try {
      if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("journal relay's engine thread still runs {} s after stop", STOP_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeEngine() {
    Instant deadline = Instant.now().plus(STOP_TIMEOUT);
    while (true) {
      try {
        engine.close();
        return;
      } catch (IllegalStateException stillStarting) {
        if (Instant.now().isAfter(deadline)) {
          throw stillStarting;
        }
        log.debug("journal relay still starting, waiting to close it: {}", stillStarting.getMessage());
        LockSupport.parkNanos(STOP_RETRY.toNanos());
      } catch (IOException e) {
        log.warn("journal relay did not close cleanly", e);
        return;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
