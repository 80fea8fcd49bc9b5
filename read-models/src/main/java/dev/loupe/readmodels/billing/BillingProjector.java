package dev.loupe.readmodels.billing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.projection.Documents;
import dev.loupe.readmodels.projection.Projection;
import dev.loupe.readmodels.projection.ProjectionRunner;
import dev.loupe.readmodels.projection.ReadModelDefinition;
import dev.loupe.readmodels.projection.Rejected;
import dev.loupe.readmodels.projection.JournalPatience;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Projects the runs clients are billed for into the {@code billing} index: one document per run that ended, keyed by
 * the id of the event that ended it ({@link BilledRun}). Only a TaskReported or TaskCancelled can end a run, a few
 * per task, so a batch reads from the journal only the streams that hold one, folds each whole
 * ({@link BillingProjection}) and writes the stream's billed runs in one bulk request. The journal decides: a lost
 * or reordered message changes nothing, a redelivered one rewrites the same documents.
 */
@Component
class BillingProjector implements Projection {

  static final String GROUP = "loupe-read-model-billing";

  static final ReadModelDefinition READ_MODEL = new ReadModelDefinition("billing", """
      {
        "dynamic": "strict",
        "properties": {
          "factId": {"type": "keyword"},
          "taskId": {"type": "keyword"},
          "clientId": {"type": "keyword"},
          "month": {"type": "keyword"},
          "billedAt": {"type": "date"},
          "type": {"type": "keyword"},
          "path": {"type": "keyword"},
          "images": {"type": "integer"},
          "outcome": {"type": "keyword"},
          "reprocess": {"type": "boolean"},
          "run": {"type": "integer"}
        }
      }
      """, "1s", GROUP, "task");

  private final ProjectionRunner runner;
  private final BillingProjection projection;
  private final ElasticsearchClient elasticsearch;
  private final EventJournal journal;
  private final ObjectMapper json;

  BillingProjector(ProjectionRunner runner, ElasticsearchClient elasticsearch, EventJournal journal,
      ObjectMapper json) {
    this.runner = runner;
    this.projection = new BillingProjection(json);
    this.elasticsearch = elasticsearch;
    this.journal = journal;
    this.json = json;
  }

  @KafkaListener(
      id = "billing-projector",
      topics = "${loupe.relay.topic-prefix:loupe.events}.task",
      groupId = GROUP,
      containerFactory = "projectionContainerFactory",
      batch = "true")
  void on(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) throws IOException {
    runner.run(this, records, consumer);
  }

  @Override
  public ReadModelDefinition definition() {
    return READ_MODEL;
  }

  @Override
  public List<Rejected> project(List<JournalMessage> events, String target) throws IOException {
    Map<String, List<JournalMessage>> endings = new LinkedHashMap<>();
    events.stream().filter(BillingProjection::endsARun)
        .forEach(event -> endings.computeIfAbsent(event.streamId(), stream -> new ArrayList<>()).add(event));
    Map<String, BilledRun> documents = new LinkedHashMap<>();
    Map<String, JournalMessage> eventOf = new LinkedHashMap<>();
    List<Rejected> rejected = new ArrayList<>();
    JournalPatience patience = JournalPatience.forBatch();
    for (Map.Entry<String, List<JournalMessage>> stream : endings.entrySet()) {
      List<JournalMessage> history;
      List<BilledRun> billed;
      try {
        history = history(stream.getKey(),
            stream.getValue().stream().mapToLong(JournalMessage::version).max().orElse(-1), patience.left());
        billed = projection.billedRuns(history);
      } catch (DataAccessException unreachable) {
        throw unreachable;
      } catch (RuntimeException unusable) {
        stream.getValue().forEach(event -> rejected.add(new Rejected(event, "the journal's events of %s cannot be "
            + "folded: %s".formatted(event.streamId(), unusable.getMessage()))));
        continue;
      }
      for (JournalMessage event : stream.getValue()) {
        String contradiction = contradiction(event, history);
        if (contradiction != null) {
          rejected.add(new Rejected(event, contradiction));
        } else {
          eventOf.put(event.eventId(), event);
        }
      }
      billed.forEach(run -> documents.put(run.factId(), run));
    }
    rejected.addAll(Documents.indexById(elasticsearch, target, documents, eventOf));
    return rejected;
  }

  @Override
  public void repair(String streamId, String target) throws IOException {
    List<JournalMessage> history = history(streamId, -1, Duration.ZERO);
    Map<String, BilledRun> documents = new LinkedHashMap<>();
    projection.billedRuns(history).forEach(run -> documents.put(run.factId(), run));
    Map<String, JournalMessage> eventOf = new LinkedHashMap<>();
    history.forEach(event -> eventOf.put(event.eventId(), event));
    List<Rejected> refused = Documents.indexById(elasticsearch, target, documents, eventOf);
    if (!refused.isEmpty()) {
      throw new IllegalStateException(refused.getFirst().reason());
    }
  }

  @Override
  public Set<String> covered(List<JournalMessage> events, String target) throws IOException {
    Set<String> billed = Documents.existing(elasticsearch, target,
        events.stream().filter(BillingProjection::endsARun).map(JournalMessage::eventId).toList());
    return events.stream()
        .filter(event -> !BillingProjection.endsARun(event) || billed.contains(event.eventId()))
        .map(JournalMessage::eventId)
        .collect(Collectors.toSet());
  }

  /** The stream's journal events, through {@code version} when it shows within {@code patience}. */
  private List<JournalMessage> history(String streamId, long version, Duration patience) {
    return journal.readStreamThrough(streamId, version, patience).stream()
        .map(event -> JournalMessage.of(event, json))
        .toList();
  }

  /** Why the journal does not hold this message as it is; null when it does. */
  private static String contradiction(JournalMessage event, List<JournalMessage> history) {
    if (event.version() < 0 || event.version() >= history.size()) {
      return "the journal holds no version %d of %s (it is at version %d)"
          .formatted(event.version(), event.streamId(), history.size() - 1);
    }
    JournalMessage stored = history.get((int) event.version());
    return stored.eventId().equals(event.eventId()) ? null : "version %d of %s is %s in the journal, not %s"
        .formatted(event.version(), event.streamId(), stored.eventId(), event.eventId());
  }
}
