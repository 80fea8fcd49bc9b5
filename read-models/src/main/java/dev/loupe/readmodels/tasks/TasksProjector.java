package dev.loupe.readmodels.tasks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Projects task events into one {@code tasks} document per task. The document's external version is the
 * stream version of the last event applied, so a redelivered or late event never takes a document back.
 */
@Component
class TasksProjector {

  private static final Logger log = LoggerFactory.getLogger(TasksProjector.class);

  private final ElasticsearchClient elasticsearch;
  private final ObjectMapper json;
  private final MeterRegistry meters;

  TasksProjector(ElasticsearchClient elasticsearch, ObjectMapper json, MeterRegistry meters, TasksIndex index) {
    this.elasticsearch = elasticsearch;
    this.json = json;
    this.meters = meters;
  }

  @KafkaListener(
      id = "tasks-projector",
      topics = "${loupe.relay.topic-prefix:loupe.events}.task",
      groupId = "loupe-read-model-tasks")
  void on(String message) throws IOException {
    JournalMessage event = JournalMessage.parse(json, message);
    String taskId = TaskViewProjection.taskId(event.streamId());
    GetResponse<TaskView> stored = elasticsearch.get(get -> get.index(TasksIndex.ALIAS).id(taskId), TaskView.class);
    TaskView current = stored.found() ? stored.source() : null;
    if (current != null && current.version() >= event.version()) {
      meters.counter("loupe.projection.skipped", "readModel", "tasks").increment();
      return;
    }
    TaskView next = TaskViewProjection.apply(current, event);
    try {
      elasticsearch.index(index -> index
          .index(TasksIndex.ALIAS)
          .id(taskId)
          .document(next)
          .versionType(VersionType.External)
          .version(next.version()));
      meters.counter("loupe.projection.applied", "readModel", "tasks").increment();
    } catch (ElasticsearchException conflict) {
      if (conflict.status() != 409) {
        throw conflict;
      }
      log.debug("task {} is already past version {}", taskId, next.version());
    }
  }
}
