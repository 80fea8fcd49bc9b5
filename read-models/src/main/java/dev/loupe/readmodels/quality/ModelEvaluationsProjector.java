package dev.loupe.readmodels.quality;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Projects the scores of operators' checks (AutomaticResultEvaluated, ReadingsEvaluated) into the
 * {@code model-evaluations} index. Documents are keyed by the event's id, so a redelivered event is written
 * again, not counted twice.
 */
@Component
class ModelEvaluationsProjector {

  private final ElasticsearchClient elasticsearch;
  private final ObjectMapper json;
  private final MeterRegistry meters;

  ModelEvaluationsProjector(ElasticsearchClient elasticsearch, ObjectMapper json, MeterRegistry meters,
      ModelEvaluationsIndex index) {
    this.elasticsearch = elasticsearch;
    this.json = json;
    this.meters = meters;
  }

  @KafkaListener(
      id = "model-evaluations-projector",
      topics = "${loupe.relay.topic-prefix:loupe.events}.task",
      groupId = "loupe-read-model-model-evaluations")
  void on(String message) throws IOException {
    List<ModelEvaluation> documents = ModelEvaluationProjection.documents(JournalMessage.parse(json, message));
    if (documents.isEmpty()) {
      return;
    }
    BulkResponse response = elasticsearch.bulk(bulk -> {
      documents.forEach(document -> bulk.operations(operation -> operation
          .index(index -> index.index(ModelEvaluationsIndex.ALIAS).id(document.documentId()).document(document))));
      return bulk;
    });
    if (response.errors()) {
      throw new IOException("model evaluations not indexed: " + response.items().stream()
          .filter(item -> item.error() != null)
          .map(item -> item.error().reason())
          .toList());
    }
    meters.counter("loupe.projection.applied", "readModel", "model-evaluations").increment();
  }
}
