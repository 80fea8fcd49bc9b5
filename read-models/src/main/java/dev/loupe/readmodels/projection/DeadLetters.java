package dev.loupe.readmodels.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * The read models' dead letters, for people: listed from the {@code .DLT} topics, replayed, or discarded. Whether
 * one still waits is kept in PostgreSQL ({@code read_model_dead_letter_resolution}): it stops waiting when it is
 * replayed, discarded, or when its stream's document is already at or past its version (checked as it is listed,
 * with one multi-get per read model). The topic is read incrementally: a listing, and the health check's count every
 * few seconds, read only the records dead-lettered since the last one.
 */
@Component
public class DeadLetters {

  /** A replay that did not make the read model right: the dead letter keeps waiting. */
  public static final class ReplayFailed extends RuntimeException {
    ReplayFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  /** Letters kept in memory beyond those waiting: the oldest resolved ones go first; a waiting one never goes. */
  private static final int MAX_KEPT = 10_000;

  private final ReadModels readModels;
  private final Quarantine quarantine;
  private final KafkaProperties kafka;
  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final String topic;
  private volatile CachedCount cachedWaiting;
  /** The records read from the topic so far, by dead letter id; also the lock of a read. */
  private final Map<String, Listed> read = new LinkedHashMap<>();
  /** Per partition of the topic, the offset the next read starts at. */
  private final Map<Integer, Long> nextOffsets = new HashMap<>();

  private record CachedCount(long count, Instant at) {}

  DeadLetters(ReadModels readModels, Quarantine quarantine, KafkaProperties kafka, JdbcClient jdbc, ObjectMapper json,
      @Value("${loupe.relay.topic-prefix:loupe.events}") String topicPrefix) {
    this.readModels = readModels;
    this.quarantine = quarantine;
    this.kafka = kafka;
    this.jdbc = jdbc;
    this.json = json;
    this.topic = topicPrefix + ".task" + ProjectionConfiguration.DEAD_LETTER_SUFFIX;
  }

  /** Every dead letter, oldest first; {@code waitingOnly} leaves out those that stopped waiting. */
  public List<DeadLetter> list(boolean waitingOnly) {
    List<Listed> listed = read();
    Map<String, DeadLetter> superseded = supersededIfCovered(listed.stream()
        .filter(letter -> letter.letter().waiting()).toList());
    List<DeadLetter> all = new ArrayList<>();
    for (Listed letter : listed) {
      DeadLetter current = superseded.getOrDefault(letter.letter().id(), letter.letter());
      if (!waitingOnly || current.waiting()) {
        all.add(current);
      }
    }
    cachedWaiting = new CachedCount(all.stream().filter(DeadLetter::waiting).count(), Instant.now());
    return all;
  }

  /** How many wait, as of at most five seconds ago. */
  public long waiting() {
    CachedCount cached = cachedWaiting;
    if (cached == null || cached.at().isBefore(Instant.now().minusSeconds(5))) {
      list(true);
      cached = cachedWaiting;
    }
    return cached.count();
  }

  /**
   * Replays a dead letter into its read model. One of a journal stream makes the stream's document what the journal
   * says, with the projection as it is now (after a fix); one that is no journal event at all is read again, and
   * fails again until the projection can read it.
   *
   * @throws NoSuchElementException for an unknown id
   * @throws ReplayFailed when the record still cannot be used: it keeps waiting
   */
  public DeadLetter replay(String id) {
    Listed listed = find(id);
    DeadLetter letter = listed.letter();
    if (!letter.waiting()) {
      return letter;
    }
    Projection projection = readModels.get(letter.readModel());
    try {
      if (letter.streamId() != null) {
        projection.repair(letter.streamId(), projection.definition().name());
        quarantine.of(letter.readModel()).stream()
            .filter(quarantined -> quarantined.streamId().equals(letter.streamId()))
            .findFirst()
            .ifPresent(quarantined -> {
              throw new ReplayFailed("the journal's events of " + letter.streamId() + " cannot be folded either: "
                  + quarantined.reason(), null);
            });
      } else {
        JournalMessage event = JournalMessage.parse(json, listed.value());
        List<Rejected> rejected = projection.project(List.of(event), projection.definition().name());
        if (!rejected.isEmpty()) {
          throw new ReplayFailed(rejected.getFirst().reason(), null);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ReplayFailed("the record still cannot be used: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resolve(letter, "REPLAYED", null);
  }

  /** Replays every waiting dead letter; those that fail again keep waiting. */
  public List<DeadLetter> replayAll() {
    List<DeadLetter> results = new ArrayList<>();
    for (DeadLetter letter : list(true)) {
      try {
        results.add(replay(letter.id()));
      } catch (ReplayFailed failed) {
        results.add(letter);
      }
    }
    return results;
  }

  /** Stops a dead letter waiting without replaying it, saying why. */
  public DeadLetter discard(String id, String note) {
    DeadLetter letter = find(id).letter();
    return letter.waiting() ? resolve(letter, "DISCARDED", note) : letter;
  }

  private Listed find(String id) {
    return read().stream().filter(listed -> listed.letter().id().equals(id)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
  }

  /**
   * Those waiting letters whose stream's documents are already at or past their version, now resolved as
   * {@code SUPERSEDED}: one multi-get per read model for all of them.
   */
  private Map<String, DeadLetter> supersededIfCovered(List<Listed> waiting) {
    Map<String, List<Listed>> byReadModel = new HashMap<>();
    Map<String, JournalMessage> events = new HashMap<>();
    for (Listed listed : waiting) {
      DeadLetter letter = listed.letter();
      if (letter.streamId() == null || letter.version() == null) {
        continue;
      }
      try {
        events.put(letter.id(), JournalMessage.parse(json, listed.value()));
        byReadModel.computeIfAbsent(letter.readModel(), model -> new ArrayList<>()).add(listed);
      } catch (IllegalArgumentException unreadable) {
        // a record that is no journal event is never covered: it waits for a replay or a discard
      }
    }
    Map<String, DeadLetter> superseded = new HashMap<>();
    byReadModel.forEach((readModel, letters) -> {
      try {
        Projection projection = readModels.get(readModel);
        Set<String> covered = projection.covered(
            letters.stream().map(listed -> events.get(listed.letter().id())).toList(), projection.definition().name());
        letters.stream()
            .filter(listed -> covered.contains(events.get(listed.letter().id()).eventId()))
            .forEach(listed -> superseded.put(listed.letter().id(), resolve(listed.letter(), "SUPERSEDED", null)));
      } catch (IOException | NoSuchElementException unanswered) {
        // the read model cannot be asked now: its letters keep waiting, and are checked again when next listed
      }
    });
    return superseded;
  }

  private DeadLetter resolve(DeadLetter letter, String resolution, String note) {
    jdbc.sql("""
            INSERT INTO read_model_dead_letter_resolution
              (read_model, original_topic, original_partition, original_offset, resolution, note)
            VALUES (:m, :t, :p, :o, :r, :n) ON CONFLICT DO NOTHING
            """)
        .param("m", letter.readModel()).param("t", letter.originalTopic()).param("p", letter.originalPartition())
        .param("o", letter.originalOffset()).param("r", resolution).param("n", note)
        .update();
    cachedWaiting = null;
    return jdbc.sql("""
            SELECT resolution, resolved_time, note FROM read_model_dead_letter_resolution
            WHERE read_model = :m AND original_topic = :t AND original_partition = :p AND original_offset = :o
            """)
        .param("m", letter.readModel()).param("t", letter.originalTopic()).param("p", letter.originalPartition())
        .param("o", letter.originalOffset())
        .query((row, number) -> letter.resolved(row.getString("resolution"),
            row.getTimestamp("resolved_time").toInstant(), row.getString("note")))
        .single();
  }

  private record Resolution(String state, Instant at, String note) {}

  /** How each dead letter that stopped waiting did, by id. */
  private Map<String, Resolution> resolutions() {
    Map<String, Resolution> resolutions = new HashMap<>();
    jdbc.sql("""
            SELECT read_model, original_topic, original_partition, original_offset, resolution, resolved_time, note
            FROM read_model_dead_letter_resolution
            """)
        .query(row -> {
          resolutions.put(id(row.getString("read_model"), row.getString("original_topic"),
              row.getInt("original_partition"), row.getLong("original_offset")), new Resolution(
              row.getString("resolution"), row.getTimestamp("resolved_time").toInstant(), row.getString("note")));
        });
    return resolutions;
  }

  private record Listed(DeadLetter letter, String value) {}

  /**
   * The dead letters in the topic, one per original record and read model, with how each was resolved. The topic is
   * read incrementally: each call reads only the records written since the last one, from where it stopped.
   */
  private List<Listed> read() {
    Map<String, Resolution> resolutions = resolutions();
    synchronized (read) {
      readNewRecords();
      forgetOldestResolved(resolutions);
      return read.values().stream()
          .map(listed -> new Listed(withResolution(listed.letter(), resolutions.get(listed.letter().id())),
              listed.value()))
          .toList();
    }
  }

  /** Reads the dead-letter topic from where the last read stopped to its end as of now. */
  private void readNewRecords() {
    Map<String, Object> properties = kafka.buildConsumerProperties();
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
        new StringDeserializer())) {
      List<TopicPartition> partitions = Optional.ofNullable(consumer.partitionsFor(topic, READ_TIMEOUT))
          .orElse(List.of()).stream()
          .map(PartitionInfo::partition)
          .map(partition -> new TopicPartition(topic, partition))
          .toList();
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, READ_TIMEOUT);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
      forgetWhatKafkaNoLongerHolds(starts, ends);
      Map<TopicPartition, Long> from = new HashMap<>();
      for (TopicPartition partition : partitions) {
        long next = Math.max(nextOffsets.getOrDefault(partition.partition(), 0L), starts.get(partition));
        if (next < ends.get(partition)) {
          from.put(partition, next);
        }
      }
      if (from.isEmpty()) {
        return;
      }
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      Instant deadline = Instant.now().plus(READ_TIMEOUT);
      while (!from.isEmpty() && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() >= ends.get(partition)) {
            continue;
          }
          DeadLetter letter = toDeadLetter(record);
          if (letter != null) {
            read.putIfAbsent(letter.id(), new Listed(letter, record.value()));
          }
          nextOffsets.put(record.partition(), record.offset() + 1);
          if (record.offset() + 1 >= ends.get(partition)) {
            from.remove(partition);
          }
        }
      }
    }
  }

  /**
   * Keeps memory bounded after a flood of dead letters: beyond {@link #MAX_KEPT}, the oldest letters that stopped
   * waiting are no longer listed (their resolution stays in PostgreSQL); every waiting letter is kept, so the count
   * the health check reports is whole.
   */
  private void forgetOldestResolved(Map<String, Resolution> resolutions) {
    var oldestFirst = read.values().iterator();
    while (read.size() > MAX_KEPT && oldestFirst.hasNext()) {
      if (resolutions.containsKey(oldestFirst.next().letter().id())) {
        oldestFirst.remove();
      }
    }
  }

  /**
   * Letters of records the topic's retention deleted are no longer listed; a partition that ends before the offset
   * read next was deleted and created again, and is read again from its start.
   */
  private void forgetWhatKafkaNoLongerHolds(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
    ends.forEach((partition, end) -> {
      if (nextOffsets.getOrDefault(partition.partition(), 0L) > end) {
        nextOffsets.remove(partition.partition());
        read.values().removeIf(listed -> listed.letter().partition() == partition.partition());
      }
    });
    read.values().removeIf(listed -> listed.letter().offset()
        < starts.getOrDefault(new TopicPartition(listed.letter().topic(), listed.letter().partition()), 0L));
  }

  private static DeadLetter withResolution(DeadLetter letter, Resolution resolution) {
    return resolution == null ? letter : letter.resolved(resolution.state(), resolution.at(), resolution.note());
  }

  private DeadLetter toDeadLetter(ConsumerRecord<String, String> record) {
    String readModel = header(record, ProjectionConfiguration.READ_MODEL_HEADER);
    if (readModel == null || readModels.all().stream().noneMatch(known -> known.definition().name().equals(readModel))) {
      return null;
    }
    String originalTopic = header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
    int originalPartition = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
        .getInt();
    long originalOffset = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
        .getLong();
    String id = id(readModel, originalTopic, originalPartition, originalOffset);
    Long version = null;
    String type = null;
    String streamId = record.key();
    try {
      JournalMessage event = JournalMessage.parse(json, record.value());
      version = event.version();
      type = event.type();
      streamId = event.streamId();
    } catch (IllegalArgumentException unreadable) {
      // what cannot be read is listed with its key, the stream the relay published it under
    }
    return new DeadLetter(id, readModel, originalTopic, originalPartition, originalOffset, record.topic(),
        record.partition(), record.offset(), streamId, version, type,
        header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), Instant.ofEpochMilli(record.timestamp()),
        DeadLetter.WAITING, null, null);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String id(String readModel, String topic, int partition, long offset) {
    return readModel + ":" + topic + ":" + partition + ":" + offset;
  }
}
