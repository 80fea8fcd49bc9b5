package dev.loupe.readmodels.projection;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.faults.FaultPoints;
import dev.loupe.journal.Upcasters;
import dev.loupe.readmodels.JournalMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Runs a batch of Kafka records through a projection: reads each record as a journal event (through the journal's
 * upcasters), projects the batch into the index a rebuild fills (if one runs) and then into the live one, and sends
 * what cannot be used to the dead letters with its reason. An infrastructure failure (Elasticsearch or PostgreSQL
 * unreachable) is thrown: the error handler pauses the consumer and tries the whole batch again, offsets kept.
 */
@Component
public class ProjectionRunner {

  private static final Logger log = LoggerFactory.getLogger(ProjectionRunner.class);

  private final ReadModelIndexes indexes;
  private final DeadLetterPublishingRecoverer deadLetters;
  private final Upcasters upcasters;
  private final ObjectMapper json;
  private final MeterRegistry meters;
  private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();

  ProjectionRunner(ReadModelIndexes indexes, DeadLetterPublishingRecoverer deadLetters, Upcasters upcasters,
      ObjectMapper json, MeterRegistry meters) {
    this.indexes = indexes;
    this.deadLetters = deadLetters;
    this.upcasters = upcasters;
    this.json = json;
    this.meters = meters;
  }

  public void run(Projection projection, List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer)
      throws IOException {
    try {
      project(projection, records, consumer);
    } catch (IOException | RuntimeException e) {
      meters.counter("loupe.projection.paused", "readModel", projection.definition().name()).increment();
      log.warn("{}: a batch of {} records failed ({}); the consumer pauses and tries it again",
          projection.definition().name(), records.size(), e.toString());
      throw e;
    }
  }

  private void project(Projection projection, List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer)
      throws IOException {
    ReadModelDefinition readModel = projection.definition();
    List<JournalMessage> events = new ArrayList<>(records.size());
    Map<JournalMessage, ConsumerRecord<String, String>> recordOf = new IdentityHashMap<>();
    Map<ConsumerRecord<String, String>, String> unusable = new IdentityHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      try {
        JournalMessage event = JournalMessage.parse(json, record.value()).upcast(upcasters, json);
        events.add(event);
        recordOf.put(event, record);
      } catch (RuntimeException e) {
        unusable.put(record, e.getMessage());
      }
    }
    for (String target : events.isEmpty() ? List.<String>of() : indexes.targets(readModel)) {
      boolean live = target.equals(readModel.name());
      try {
        List<Rejected> rejected = projection.project(events, target);
        if (live) {
          rejected.forEach(rejection -> unusable.put(recordOf.get(rejection.event()), rejection.reason()));
        }
      } catch (IOException | ElasticsearchException failed) {
        if (live || indexes.current(target).isPresent()) {
          throw failed;
        }
        log.debug("{} went away while projecting into it: its rebuild ended", target);
      }
    }
    record(readModel, events);
    if (!events.isEmpty()) {
      FaultPoints.reach(FaultPoints.PROJECTOR_AFTER_INDEX);
    }
    for (Map.Entry<ConsumerRecord<String, String>, String> dead : unusable.entrySet()) {
      log.warn("{}: {}-{}@{} goes to the dead letters: {}", readModel.name(), dead.getKey().topic(),
          dead.getKey().partition(), dead.getKey().offset(), dead.getValue());
      deadLetters.accept(dead.getKey(), consumer, new UnusableEvent(readModel.name(), dead.getValue()));
      meters.counter("loupe.projection.dead_letters", "readModel", readModel.name()).increment();
    }
  }

  private void record(ReadModelDefinition readModel, List<JournalMessage> events) {
    if (events.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    Timer delay = Timer.builder("loupe.projection.delay")
        .description("from an event's recorded time in the journal to its projection being indexed")
        .tag("readModel", readModel.name())
        .publishPercentiles(0.5, 0.99)
        .register(meters);
    Instant newest = Instant.EPOCH;
    for (JournalMessage event : events) {
      Instant recorded = Instant.parse(event.recordedTime());
      delay.record(Duration.between(recorded, now));
      newest = recorded.isAfter(newest) ? recorded : newest;
    }
    Instant latest = newest;
    lastRecorded.merge(readModel.name(), latest, (a, b) -> a.isAfter(b) ? a : b);
    meters.counter("loupe.projection.applied", "readModel", readModel.name()).increment(events.size());
  }

  /** The recorded time of the newest event this instance projected into the read model. */
  Instant lastRecorded(String readModel) {
    return lastRecorded.get(readModel);
  }

  /** Why a record went to the dead letters of a read model: the record itself, not the infrastructure. */
  public static final class UnusableEvent extends RuntimeException {
    private final String readModel;

    UnusableEvent(String readModel, String reason) {
      super(reason);
      this.readModel = readModel;
    }

    /** The read model that could not use the record. */
    public String readModel() {
      return readModel;
    }
  }
}
