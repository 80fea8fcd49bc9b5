package dev.loupe.journal.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Streams every event inserted into the journal to Kafka with Debezium's embedded engine (pgoutput logical
 * decoding). Each batch is published and acknowledged by Kafka before Debezium may store its offsets in
 * PostgreSQL: delivery is at-least-once, in commit order, keyed by stream id so a stream keeps its order.
 */
public class JournalRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JournalRelay.class);
  private static final Pattern POSTGRES_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");

  private final RelayProperties properties;
  private final DataSourceProperties database;
  private final KafkaTemplate<String, String> kafka;
  private final ObjectMapper json;
  private final Counter published;
  private ExecutorService executor;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private volatile boolean running;

  public JournalRelay(
      RelayProperties properties,
      DataSourceProperties database,
      KafkaTemplate<String, String> kafka,
      ObjectMapper json,
      MeterRegistry meters) {
    this.properties = properties;
    this.database = database;
    this.kafka = kafka;
    this.json = json;
    this.published = Counter.builder("loupe.relay.published").description("journal events published").register(meters);
  }

  @Override
  public void start() {
    engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(debeziumConfig())
        .notifying(this::publish)
        .using((success, message, error) -> {
          if (!success) {
            log.error("journal relay stopped: {}", message, error);
          }
          running = false;
        })
        .build();
    executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "journal-relay"));
    executor.execute(engine);
    running = true;
    log.info("journal relay started: slot {}, topics {}.*", properties.slotName(), properties.topicPrefix());
  }

  private void publish(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (RecordChangeEvent<SourceRecord> change : records) {
      insertedRow(change.record()).ifPresent(row -> sends.add(send(JournalEnvelope.fromRow(row, json))));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    for (RecordChangeEvent<SourceRecord> change : records) {
      committer.markProcessed(change);
    }
    committer.markBatchFinished();
    published.increment(sends.size());
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

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private Properties debeziumConfig() {
    Matcher url = POSTGRES_URL.matcher(database.determineUrl());
    if (!url.matches()) {
      throw new IllegalStateException("the journal relay needs a jdbc:postgresql://host:port/database URL, got "
          + database.determineUrl());
    }
    String user = database.determineUsername();
    String password = database.determinePassword() == null ? "" : database.determinePassword();
    Properties config = new Properties();
    config.setProperty("name", "loupe-journal-relay");
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
    config.setProperty("publication.autocreate.mode", "filtered");
    config.setProperty("table.include.list", "public.journal_event");
    config.setProperty("snapshot.mode", "initial");
    config.setProperty("decimal.handling.mode", "string");
    config.setProperty("time.precision.mode", "adaptive_time_microseconds");
    config.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
    config.setProperty("offset.storage.jdbc.connection.url", database.determineUrl());
    config.setProperty("offset.storage.jdbc.connection.user", user);
    config.setProperty("offset.storage.jdbc.connection.password", password);
    config.setProperty("offset.storage.jdbc.table.name", "journal_relay_offset");
    config.setProperty("offset.flush.interval.ms", Long.toString(properties.offsetFlushInterval().toMillis()));
    config.setProperty("errors.max.retries", "-1");
    return config;
  }

  @Override
  public void stop() {
    running = false;
    try {
      if (engine != null) {
        engine.close();
      }
    } catch (IOException e) {
      log.warn("journal relay did not close cleanly", e);
    }
    if (executor != null) {
      executor.shutdown();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
