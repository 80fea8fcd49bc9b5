package dev.loupe.benchmarks.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.benchmarks.report.LatencySummary;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the events topic from its beginning on a thread of its own, as a projection would (read committed), and
 * for events of streams with a given prefix keeps: the distinct event ids, the duplicates, the receive time of the
 * newest one and each event's lag.
 */
final class TopicReader implements Runnable, AutoCloseable {

  private final ObjectMapper json = new ObjectMapper();
  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Thread thread = new Thread(this, "relay-topic-reader");
  private final Set<String> seen = new HashSet<>();
  private String streamPrefix = "\u0000";
  private Histogram lag = LatencySummary.newHistogram();
  private long duplicates;
  private long lastNewEventNanos;
  private volatile boolean closed;
  private volatile RuntimeException failure;

  TopicReader(String bootstrapServers, String topic) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
        new StringDeserializer(), new StringDeserializer());
  }

  void start() {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(partition -> new TopicPartition(topic, partition.partition()))
        .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
  }

  /** From now on, counts the events of streams whose id starts with {@code prefix}, forgetting earlier ones. */
  synchronized void countStreams(String prefix) {
    streamPrefix = prefix;
    seen.clear();
    lag = LatencySummary.newHistogram();
    duplicates = 0;
    lastNewEventNanos = 0;
  }

  synchronized long distinctEvents() {
    throwIfFailed();
    return seen.size();
  }

  synchronized boolean hasSeen(String eventId) {
    throwIfFailed();
    return seen.contains(eventId);
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized long lastNewEventNanos() {
    return lastNewEventNanos;
  }

  synchronized LatencySummary lag() {
    return LatencySummary.of(lag);
  }

  @Override
  public void run() {
    try {
      while (!closed) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
        if (!records.isEmpty()) {
          received(records, Instant.now(), System.nanoTime());
        }
      }
    } catch (WakeupException stopping) {
      // closed
    } catch (RuntimeException | IOException e) {
      failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    } finally {
      consumer.close();
    }
  }

  private synchronized void received(ConsumerRecords<String, String> records, Instant receivedAt, long receivedNanos)
      throws IOException {
    for (ConsumerRecord<String, String> record : records) {
      if (record.key() == null || !record.key().startsWith(streamPrefix)) {
        continue;
      }
      JsonNode envelope = json.readTree(record.value());
      if (!seen.add(envelope.path("eventId").asText())) {
        duplicates++;
        continue;
      }
      Instant recorded = OffsetDateTime.parse(envelope.path("recordedTime").asText()).toInstant();
      LatencySummary.recordNanos(lag, Math.max(0, ChronoUnit.NANOS.between(recorded, receivedAt)));
      lastNewEventNanos = receivedNanos;
    }
  }

  private void throwIfFailed() {
    if (failure != null) {
      throw new IllegalStateException("reading " + topic + " failed", failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
