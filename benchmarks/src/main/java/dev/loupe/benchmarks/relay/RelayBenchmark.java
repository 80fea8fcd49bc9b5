package dev.loupe.benchmarks.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.loupe.benchmarks.support.BenchmarkPostgres;
import dev.loupe.benchmarks.support.LoupeJournalContext;
import dev.loupe.benchmarks.support.SampleEvent;
import dev.loupe.benchmarks.support.SampleEvents;
import dev.loupe.embedded.EmbeddedKafka;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.relay.JournalRelay;
import dev.loupe.journal.relay.RelayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Loupe's journal → Debezium relay → Kafka, as the application runs it, against the embedded default's in-process
 * Kafka (on free ports, its log in a temporary folder deleted on close) and a database of its own. Once the relay
 * streams, writers append for a while; the run ends when every appended event has been consumed from the topic.
 */
public final class RelayBenchmark implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RelayBenchmark.class);
  private static final String DATABASE = "bench_relay";
  private static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(120);
  private static final int PARTITIONS = 3;
  private static final RelayProperties RELAY = new RelayProperties(
      true, "bench_relay", "bench_relay", "bench.events", PARTITIONS, Duration.ofSeconds(1), Duration.ofSeconds(10),
      Duration.ofMillis(25), null, null);

  private final BenchmarkPostgres postgres;
  private final HikariDataSource database;
  private final Path kafkaLog;
  private final EmbeddedKafka kafka;
  private final LoupeJournalContext journal;
  private final DefaultKafkaProducerFactory<String, String> producers;
  private final TopicReader reader;
  private final JournalRelay relay;
  private int probes;

  private RelayBenchmark(BenchmarkPostgres postgres, int connections) throws Exception {
    this.postgres = postgres;
    this.database = postgres.freshDatabase(DATABASE, connections);
    this.kafkaLog = Files.createTempDirectory("loupe-bench-kafka");
    this.kafka = EmbeddedKafka.onFreePorts(kafkaLog);
    kafka.start();
    this.journal = LoupeJournalContext.open(database);
    journal.jdbc().sql("CREATE PUBLICATION " + RELAY.publicationName()
        + " FOR TABLE journal_event WITH (publish_via_partition_root = true)").update();
    String topic = RELAY.topicFor("task");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.address()))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
    this.producers = new DefaultKafkaProducerFactory<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.address(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new StringSerializer());
    DataSourceProperties connection = new DataSourceProperties();
    connection.setUrl(postgres.jdbcUrl(DATABASE));
    connection.setUsername(BenchmarkPostgres.USER);
    connection.setPassword(BenchmarkPostgres.PASSWORD);
    this.relay = new JournalRelay(RELAY, connection, new KafkaTemplate<>(producers), new ObjectMapper(), journal.jdbc(),
        new SimpleMeterRegistry());
    this.reader = new TopicReader(kafka.address(), topic);
  }

  /** Starts Kafka, the relay and a reader of its topic; returns once an event appended now arrives in Kafka. */
  public static RelayBenchmark start(BenchmarkPostgres postgres, int maxWriters) throws Exception {
    RelayBenchmark benchmark = new RelayBenchmark(postgres, maxWriters + 2);
    try {
      benchmark.reader.start();
      long began = System.nanoTime();
      benchmark.relay.start();
      // the first probe may come through Debezium's initial snapshot; the second proves the slot is streaming
      benchmark.probe();
      benchmark.probe();
      log.info("relay streaming {} ms after start", (System.nanoTime() - began) / 1_000_000);
      return benchmark;
    } catch (Exception | Error e) {
      benchmark.close();
      throw e;
    }
  }

  private void probe() {
    SampleEvent probe = SampleEvents.taskSubmitted();
    String prefix = "task-probe-" + probes++;
    reader.countStreams(prefix);
    journal.journal().append(prefix, ExpectedVersion.NO_STREAM, List.of(LoupeJournalContext.toNewEvent(probe)));
    awaitConsumed(() -> reader.hasSeen(probe.eventId().toString()), STREAMING_TIMEOUT, "probe event " + prefix);
  }

  /**
   * {@code writers} threads append {@code eventsPerAppend} events per append to new streams for {@code appendFor},
   * as fast as they can ({@code eventsPerSecond} 0) or paced to that many events per second in all; then waits, up
   * to {@code drainTimeout}, until the reader has every one of them.
   */
  public RelayResult measure(String workload, int writers, int eventsPerAppend, double eventsPerSecond,
      Duration appendFor, Duration drainTimeout) throws InterruptedException {
    String prefix = "task-" + workload + "-";
    reader.countStreams(prefix);
    EventJournal events = journal.journal();
    AtomicLong appended = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    long began = System.nanoTime();
    long deadline = began + appendFor.toNanos();
    long appendInterval = eventsPerSecond > 0 ? Math.round(1e9 * writers * eventsPerAppend / eventsPerSecond) : 0;
    List<Thread> team = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String streams = prefix + w + "-";
      long firstAppend = began + appendInterval * w / writers;
      team.add(Thread.ofPlatform().name("relay-writer-" + w).start(() -> {
        for (long sequence = 0; System.nanoTime() < deadline && failure.get() == null; sequence++) {
          long due = firstAppend + sequence * appendInterval;
          for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          try {
            events.append(streams + sequence, ExpectedVersion.NO_STREAM,
                SampleEvents.taskSubmissions(eventsPerAppend).stream().map(LoupeJournalContext::toNewEvent).toList());
            appended.addAndGet(eventsPerAppend);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          }
        }
      }));
    }
    for (Thread writer : team) {
      writer.join();
    }
    long appendedAt = System.nanoTime();
    if (failure.get() != null) {
      throw new IllegalStateException("appending for the relay benchmark failed", failure.get());
    }
    long total = appended.get();
    awaitConsumed(() -> reader.distinctEvents() >= total, drainTimeout, total + " " + workload + " events");
    return new RelayResult(workload, writers, eventsPerAppend, eventsPerSecond, total, appendedAt - began,
        reader.lastNewEventNanos() - began, reader.lag(), reader.duplicates());
  }

  private static void awaitConsumed(BooleanSupplier done, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not reach Kafka within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  @Override
  public void close() throws Exception {
    try {
      relay.stop();
      reader.close();
      producers.destroy();
      journal.close();
      kafka.stop();
      FileSystemUtils.deleteRecursively(kafkaLog);
      database.close();
    } finally {
      postgres.dropDatabase(DATABASE);
    }
  }
}
