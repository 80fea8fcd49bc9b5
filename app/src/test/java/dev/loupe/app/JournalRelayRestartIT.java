package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.relay.JournalRelay;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay stopped and restarted while many writers append transactions of mixed lengths: Kafka ends up
 * with every journal event at least once, each stream in version order, no gap.
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

  @Value("${spring.kafka.bootstrap-servers}")
  private String kafkaServers;

  @Test
  void shouldDeliverEveryEventInStreamOrderAcrossRelayRestarts() throws Exception {
    // given
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> streams = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      streams.add(AGGREGATE + "-" + run + "-" + i);
    }
    AtomicInteger committed = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> work = new ArrayList<>();

    // when: writers append while the relay is stopped, started, stopped and started again
    for (int writer = 0; writer < WRITERS; writer++) {
      int id = writer;
      work.add(writers.submit(() -> {
        for (int tx = 0; tx < TRANSACTIONS_PER_WRITER; tx++) {
          appendMixedTransaction(streams, "w" + id + "-t" + tx + "-" + run);
          committed.incrementAndGet();
        }
      }));
    }
    int total = WRITERS * TRANSACTIONS_PER_WRITER;
    await().atMost(PATIENCE).until(() -> committed.get() >= total / 5);
    relay.stop();
    await().atMost(PATIENCE).until(() -> committed.get() >= total / 2);
    relay.start();
    await().atMost(PATIENCE).until(() -> committed.get() >= 3 * total / 4);
    relay.stop();
    relay.start();
    for (Future<?> writer : work) {
      writer.get();
    }
    writers.shutdown();

    // then
    Map<String, List<Long>> journalVersions = new HashMap<>();
    Set<UUID> journalIds = new LinkedHashSet<>();
    for (String stream : streams) {
      List<RecordedEvent> events = journal.readStream(stream);
      journalVersions.put(stream, events.stream().map(RecordedEvent::version).toList());
      events.forEach(event -> journalIds.add(event.eventId()));
    }
    Map<String, List<Long>> kafkaVersions = consumeUntilEveryEventArrived(run, journalIds);
    for (String stream : streams) {
      assertThat(firstDeliveries(kafkaVersions.getOrDefault(stream, List.of())))
          .as("stream %s in Kafka, first deliveries in order", stream)
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

  private Map<String, List<Long>> consumeUntilEveryEventArrived(String run, Set<UUID> journalIds) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaServers,
        ConsumerConfig.GROUP_ID_CONFIG, "relay-restart-" + run,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    Map<String, List<Long>> versionsByStream = new LinkedHashMap<>();
    Set<UUID> seen = new LinkedHashSet<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of("loupe.events." + AGGREGATE));
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
