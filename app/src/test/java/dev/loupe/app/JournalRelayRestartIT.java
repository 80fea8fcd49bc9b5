package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.JournalOwner;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.relay.JournalRelay;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay stopped and restarted, or killed with SIGKILL and started again, while many writers append
 * transactions of mixed lengths: Kafka ends up with every journal event at least once, each stream in version
 * order, no gap.
 */
@LoupeIntegrationTest
class JournalRelayRestartIT {

  private static final String AGGREGATE = "relaytest";
  private static final int WRITERS = 8;
  private static final int TRANSACTIONS_PER_WRITER = 40;
  private static final int STREAMS = 24;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Autowired private EventJournal journal;
  @Autowired private JournalRelay relay;
  @Autowired private TransactionTemplate transactions;
  @Autowired private ObjectMapper json;

  @Autowired private JdbcClient jdbc;

  @Value("${spring.kafka.bootstrap-servers}")
  private String kafkaServers;

  @Value("${spring.datasource.url}")
  private String databaseUrl;

  @Value("${spring.datasource.username}")
  private String databaseUser;

  @Value("${spring.datasource.password}")
  private String databasePassword;

  @Value("${loupe.relay.username}")
  private String relayUser;

  @Value("${loupe.relay.password}")
  private String relayPassword;

  /** The owner publishes the journal: only the owner of a table may add it to a publication. */
  @Autowired @JournalOwner private DataSource owner;

  @Test
  void shouldDeliverEveryEventInStreamOrderAcrossRelayRestarts() throws Exception {
    // given
    String run = UUID.randomUUID().toString().substring(0, 8);

    // when: writers append while the relay is stopped, started, stopped and started again
    Writers writers = new Writers(run);
    writers.awaitCommitted(0.2);
    relay.stop();
    writers.awaitCommitted(0.5);
    relay.start();
    writers.awaitCommitted(0.75);
    relay.stop();
    relay.start();
    writers.finish();

    // then
    assertKafkaMatchesTheJournal(writers.streams, run, "loupe.events." + AGGREGATE);
  }

  @Test
  void shouldDeliverEveryEventInStreamOrderAfterTheRelayProcessIsKilled() throws Exception {
    // given: a relay in a JVM of its own, with a slot and topics of its own
    String run = UUID.randomUUID().toString().substring(0, 8);
    String slot = "relay_kill_" + run;
    String topicPrefix = "killtest" + run + ".events";
    JdbcClient ownerJdbc = JdbcClient.create(owner);
    ownerJdbc.sql("CREATE PUBLICATION " + slot + " FOR TABLE journal_event WITH (publish_via_partition_root = true)")
        .update();
    Process relayProcess = startRelayProcess(slot, topicPrefix);
    try {
      awaitSlotStreaming(slot);

      // when: writers append while the relay process is killed twice (SIGKILL: no shutdown, no offset flush)
      Writers writers = new Writers(run);
      writers.awaitCommitted(0.25);
      kill(relayProcess);
      writers.awaitCommitted(0.5);
      relayProcess = startRelayProcess(slot, topicPrefix);
      awaitSlotStreaming(slot);
      writers.awaitCommitted(0.75);
      kill(relayProcess);
      relayProcess = startRelayProcess(slot, topicPrefix);
      writers.finish();

      // then
      assertKafkaMatchesTheJournal(writers.streams, run, topicPrefix + "." + AGGREGATE);
    } finally {
      kill(relayProcess);
      await().atMost(PATIENCE).until(() -> !slotActive(slot));
      JdbcClient.create(new DriverManagerDataSource(databaseUrl, relayUser, relayPassword))
          .sql("SELECT pg_drop_replication_slot(:slot)").param("slot", slot).query().singleRow();
      ownerJdbc.sql("DROP PUBLICATION " + slot).update();
    }
  }

  private Process startRelayProcess(String slot, String topicPrefix) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Path.of("target", slot + ".log");
    return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        RelayProcess.class.getName(), databaseUrl, databaseUser, databasePassword, relayUser, relayPassword,
        kafkaServers, slot, topicPrefix)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** SIGKILL, as {@code kill -9} sends: {@link Process#destroyForcibly()} on a Unix process. */
  private static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  private void awaitSlotStreaming(String slot) {
    await().atMost(PATIENCE).until(() -> slotActive(slot));
  }

  private boolean slotActive(String slot) {
    return jdbc.sql("SELECT coalesce(bool_or(active), false) FROM pg_replication_slots WHERE slot_name = :slot")
        .param("slot", slot).query(Boolean.class).single();
  }

  /** {@value #WRITERS} threads, each committing {@value #TRANSACTIONS_PER_WRITER} mixed transactions. */
  private final class Writers {
    private final List<String> streams = new ArrayList<>();
    private final AtomicInteger committed = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    private final List<Future<?>> work = new ArrayList<>();

    Writers(String run) {
      for (int i = 0; i < STREAMS; i++) {
        streams.add(AGGREGATE + "-" + run + "-" + i);
      }
      for (int writer = 0; writer < WRITERS; writer++) {
        int id = writer;
        work.add(pool.submit(() -> {
          for (int tx = 0; tx < TRANSACTIONS_PER_WRITER; tx++) {
            appendMixedTransaction(streams, "w" + id + "-t" + tx + "-" + run);
            committed.incrementAndGet();
          }
        }));
      }
    }

    void awaitCommitted(double share) {
      await().atMost(PATIENCE).until(() -> committed.get() >= share * WRITERS * TRANSACTIONS_PER_WRITER);
    }

    void finish() throws Exception {
      for (Future<?> writer : work) {
        writer.get();
      }
      pool.shutdown();
    }
  }

  private void assertKafkaMatchesTheJournal(List<String> streams, String run, String topic) {
    Map<String, List<Long>> journalVersions = new HashMap<>();
    Set<UUID> journalIds = new LinkedHashSet<>();
    for (String stream : streams) {
      List<RecordedEvent> events = journal.readStream(stream);
      journalVersions.put(stream, events.stream().map(RecordedEvent::version).toList());
      events.forEach(event -> journalIds.add(event.eventId()));
    }
    Map<String, List<Long>> kafkaVersions = consumeUntilEveryEventArrived(run, topic, journalIds);
    for (String stream : streams) {
      assertThat(firstDeliveries(kafkaVersions.getOrDefault(stream, List.of())))
          .as("stream %s in %s, first deliveries in order", stream, topic)
          .isEqualTo(journalVersions.get(stream));
    }
  }

  private void appendMixedTransaction(List<String> streams, String cause) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // streams in a fixed order: appends lock their stream until commit, and one order means no deadlock
    List<String> touched = random.ints(1 + random.nextInt(3), 0, streams.size())
        .distinct().sorted().mapToObj(streams::get).toList();
    transactions.executeWithoutResult(tx -> {
      for (int append = 0; append < touched.size(); append++) {
        String stream = touched.get(append);
        int length = 1 + random.nextInt(4);
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < length; i++) {
          events.add(new NewEvent(EventIds.derive(cause + "-a" + append, i), "Probed", 1, Instant.now(),
              "{\"n\": " + i + "}", new EventMetadata(stream, cause, "test")));
        }
        journal.append(stream, ExpectedVersion.ANY, events);
      }
    });
  }

  private Map<String, List<Long>> consumeUntilEveryEventArrived(String run, String topic, Set<UUID> journalIds) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaServers,
        ConsumerConfig.GROUP_ID_CONFIG, "relay-restart-" + run,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    Map<String, List<Long>> versionsByStream = new LinkedHashMap<>();
    Set<UUID> seen = new LinkedHashSet<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      await().atMost(PATIENCE).until(() -> {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (!record.key().contains("-" + run + "-")) {
            continue;
          }
          JsonNode envelope = json.readTree(record.value());
          versionsByStream.computeIfAbsent(record.key(), key -> new ArrayList<>())
              .add(envelope.path("version").asLong());
          seen.add(UUID.fromString(envelope.path("eventId").asText()));
        }
        return seen.containsAll(journalIds);
      });
    }
    return versionsByStream;
  }

  /** The versions in the order they first arrived: a redelivery after a restart repeats, never reorders. */
  private static List<Long> firstDeliveries(List<Long> delivered) {
    return new ArrayList<>(new LinkedHashSet<>(delivered));
  }
}
