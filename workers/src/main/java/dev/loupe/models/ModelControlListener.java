package dev.loupe.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.models.ModelControl.ModelActivated;
import dev.loupe.journal.EventJournal;
import dev.loupe.task.ModelRef;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The receiving end of the model control stream: every Loupe instance (its own consumer group) reads each
 * {@link ModelActivated}, a detector's or a classifier's, and makes sure its model server serves the model, loaded
 * and warmed, so a model registered through one instance is ready behind all of them. Starting from the topic's
 * beginning also prepares, at start-up, every model the registry still names. An activation the registry has since
 * replaced is skipped. The registry's row is written in the activation's own transaction, which the relay may deliver
 * a moment before PostgreSQL shows it to this instance: before skipping, the listener waits up to
 * {@link #VISIBLE_PATIENCE} until the journal shows the activation, and so the row.
 */
@Component
class ModelControlListener {

  private static final Logger log = LoggerFactory.getLogger(ModelControlListener.class);

  static final Duration VISIBLE_PATIENCE = Duration.ofSeconds(1);

  private final ModelControl control;
  private final ModelRegistry registry;
  private final EventJournal journal;
  private final ObjectMapper json;

  ModelControlListener(ModelControl control, ModelRegistry registry, EventJournal journal, ObjectMapper json) {
    this.control = control;
    this.registry = registry;
    this.journal = journal;
    this.json = json;
  }

  @KafkaListener(
      id = "model-control",
      topics = "${loupe.relay.topic-prefix:loupe.events}.model",
      groupId = "loupe-model-control-${random.uuid}")
  void on(String message) throws IOException {
    JsonNode envelope = json.readTree(message);
    if (!ModelActivated.class.getSimpleName().equals(envelope.path("type").asText())) {
      return;
    }
    ModelActivated activated = json.treeToValue(envelope.path("payload"), ModelActivated.class);
    ModelRef model = new ModelRef(activated.modelName(), activated.modelVersion());
    if (!registered(activated, model)) {
      journal.readStreamThrough(envelope.path("streamId").asText(), envelope.path("version").asLong(-1),
          VISIBLE_PATIENCE);
      if (!registered(activated, model)) {
        return;
      }
    }
    try {
      control.prepare(model);
    } catch (ModelNotReady notReady) {
      log.error("class group {} is registered to a model this instance's model server cannot serve: {}",
          activated.classGroupKey(), notReady.getMessage());
    }
  }

  /** Whether the registry names the activated model in its role for the class group now. */
  private boolean registered(ModelActivated activated, ModelRef model) {
    Optional<ModelRef> registered = activated.roleOrDetector() == ModelControl.Role.CLASSIFIER
        ? registry.classifierFor(activated.classGroupKey()).map(ClassifierRegistration::model)
        : registry.modelFor(activated.classGroupKey());
    return registered.filter(model::equals).isPresent();
  }
}
