package dev.loupe.readmodels.quality;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.projection.Documents;
import dev.loupe.readmodels.projection.Projection;
import dev.loupe.readmodels.projection.ProjectionRunner;
import dev.loupe.readmodels.projection.ReadModelDefinition;
import dev.loupe.readmodels.projection.Rejected;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Projects the scores of operators' checks (AutomaticResultEvaluated, ReadingsEvaluated) into the
 * {@code model-evaluations} index, a batch per bulk request. Documents are keyed by the event's id and class, so a
 * redelivered event is written again, not counted twice, and no event depends on another: there are no gaps.
 */
@Component
class ModelEvaluationsProjector implements Projection {

  static final String GROUP = "loupe-read-model-model-evaluations";

  static final ReadModelDefinition READ_MODEL = new ReadModelDefinition("model-evaluations", """
      {
        "dynamic": "strict",
        "properties": {
          "evaluationId": {"type": "keyword"},
          "taskId": {"type": "keyword"},
          "kind": {"type": "keyword"},
          "model": {"type": "keyword"},
          "modelVersion": {"type": "keyword"},
          "evaluatedAt": {"type": "date"},
          "classId": {"type": "keyword"},
          "truePositives": {"type": "integer"},
          "falsePositives": {"type": "integer"},
          "falseNegatives": {"type": "integer"},
          "judged": {"type": "integer"},
          "correct": {"type": "integer"},
          "characterErrors": {"type": "integer"},
          "characters": {"type": "integer"},
          "boxChanged": {"type": "integer"}
        }
      }
      """, "1s", GROUP, "task");

  private final ProjectionRunner runner;
  private final ElasticsearchClient elasticsearch;
  private final EventJournal journal;
  private final ObjectMapper json;

  ModelEvaluationsProjector(ProjectionRunner runner, ElasticsearchClient elasticsearch, EventJournal journal,
      ObjectMapper json) {
    this.runner = runner;
    this.elasticsearch = elasticsearch;
    this.journal = journal;
    this.json = json;
  }

  @KafkaListener(
      id = "model-evaluations-projector",
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
    Map<String, JournalMessage> eventOf = new LinkedHashMap<>();
    Map<String, ModelEvaluation> documents = new LinkedHashMap<>();
    List<Rejected> rejected = new ArrayList<>();
    for (JournalMessage event : events) {
      try {
        ModelEvaluationProjection.documents(event).forEach(document -> {
          documents.put(document.documentId(), document);
          eventOf.put(document.documentId(), event);
        });
      } catch (RuntimeException e) {
        rejected.add(new Rejected(event, "the scores cannot be read: " + e.getMessage()));
      }
    }
    rejected.addAll(Documents.indexById(elasticsearch, target, documents, eventOf));
    return rejected;
  }

  @Override
  public void repair(String streamId, String target) throws IOException {
    project(journal.readStream(streamId).stream().map(event -> JournalMessage.of(event, json)).toList(), target);
  }

  @Override
  public Set<String> covered(List<JournalMessage> events, String target) throws IOException {
    Map<String, List<String>> documentsOf = new HashMap<>();
    events.forEach(event -> documentsOf.put(event.eventId(),
        ModelEvaluationProjection.documents(event).stream().map(ModelEvaluation::documentId).toList()));
    Set<String> existing = Documents.existing(elasticsearch, target,
        documentsOf.values().stream().flatMap(List::stream).collect(Collectors.toSet()));
    return documentsOf.entrySet().stream()
        .filter(entry -> existing.containsAll(entry.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
