package dev.loupe.readmodels.tasks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.projection.Projection;
import dev.loupe.readmodels.projection.ProjectionRunner;
import dev.loupe.readmodels.projection.Quarantine;
import dev.loupe.readmodels.projection.ReadModelDefinition;
import dev.loupe.readmodels.projection.Rejected;
import dev.loupe.readmodels.projection.StreamFolds;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Projects task events into one {@code tasks} document per task ({@link TaskViewProjection}), in batches: the
 * document's external version is the stream version of the last event applied ({@link StreamFolds}).
 */
@Component
class TasksProjector implements Projection {

  static final String GROUP = "loupe-read-model-tasks";
  /** The refresh interval unless {@code loupe.read-models.tasks.refresh-interval} says otherwise. */
  static final String REFRESH_INTERVAL = "100ms";

  static final ReadModelDefinition READ_MODEL = new ReadModelDefinition("tasks", """
      {
        "dynamic": "strict",
        "properties": {
          "id": {"type": "keyword"},
          "type": {"type": "keyword"},
          "status": {"type": "keyword"},
          "classGroup": {
            "properties": {
              "key": {"type": "keyword"},
              "classes": {"type": "object", "enabled": false}
            }
          },
          "images": {"type": "keyword", "index": false},
          "createdAt": {"type": "date"},
          "updatedAt": {"type": "date"},
          "version": {"type": "long"},
          "operatorId": {"type": "keyword"},
          "assistanceReason": {"type": "keyword"},
          "priority": {"type": "integer"},
          "objects": {"type": "object", "enabled": false},
          "result": {"type": "object", "enabled": false},
          "clientId": {"type": "keyword"},
          "rejection": {"type": "object", "enabled": false},
          "stale": {"type": "boolean"},
          "model": {
            "properties": {
              "name": {"type": "keyword"},
              "version": {"type": "keyword"}
            }
          },
          "recipe": {
            "properties": {
              "processId": {"type": "keyword"},
              "processVersion": {"type": "integer"},
              "processInstanceKey": {"type": "long"},
              "fromElement": {"type": "keyword"}
            }
          },
          "incident": {
            "properties": {
              "jobType": {"type": "keyword"},
              "elementId": {"type": "keyword"},
              "jobKey": {"type": "long"},
              "error": {"type": "text", "index": false}
            }
          },
          "finishedAt": {"type": "date"},
          "flagReason": {"type": "keyword"}
        }
      }
      """, REFRESH_INTERVAL, GROUP, "task");

  private final ProjectionRunner runner;
  private final StreamFolds<TaskView> folds;
  private final ReadModelDefinition definition;

  /**
   * @param refreshInterval {@code loupe.read-models.tasks.refresh-interval}: how soon an indexed task is searchable in
   *     the inbox, at most (an idle index never makes a search wait for a refresh)
   */
  TasksProjector(ProjectionRunner runner, TaskViewProjection projection, ElasticsearchClient elasticsearch,
      EventJournal journal, Quarantine quarantine, ObjectMapper json, MeterRegistry meters,
      @Value("${loupe.read-models.tasks.refresh-interval:" + REFRESH_INTERVAL + "}") String refreshInterval) {
    this.runner = runner;
    this.definition = READ_MODEL.withRefreshInterval(refreshInterval);
    this.folds = new StreamFolds<>(READ_MODEL.name(), TaskView.class, new StreamFolds.Fold<>() {
      @Override
      public String documentId(String streamId) {
        return TaskViewProjection.taskId(streamId);
      }

      @Override
      public TaskView apply(TaskView current, JournalMessage event) {
        return projection.apply(current, event);
      }

      @Override
      public long version(TaskView document) {
        return document.version();
      }

      @Override
      public TaskView stale(TaskView document) {
        return document.asStale();
      }
    }, elasticsearch, journal, quarantine, json, meters);
  }

  @KafkaListener(
      id = "tasks-projector",
      topics = "${loupe.relay.topic-prefix:loupe.events}.task",
      groupId = GROUP,
      containerFactory = "projectionContainerFactory",
      batch = "true")
  void on(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) throws IOException {
    runner.run(this, records, consumer);
  }

  @Override
  public ReadModelDefinition definition() {
    return definition;
  }

  @Override
  public List<Rejected> project(List<JournalMessage> events, String target) throws IOException {
    return folds.project(events, target);
  }

  @Override
  public void repair(String streamId, String target) throws IOException {
    folds.repair(streamId, target);
  }

  @Override
  public Set<String> covered(List<JournalMessage> events, String target) throws IOException {
    return folds.covered(events, target);
  }
}
