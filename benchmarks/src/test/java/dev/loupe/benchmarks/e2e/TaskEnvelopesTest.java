package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViewProjection;
import dev.loupe.task.TaskStatus;
import org.junit.jupiter.api.Test;

class TaskEnvelopesTest {

  @Test
  void shouldWriteStreamsTheTasksProjectionFoldsToDone() throws Exception {
    // given
    String stream = TaskEnvelopes.newStreamId();

    // when
    TaskViewProjection projection = new TaskViewProjection(LoupeApi.JSON);
    TaskView view = null;
    for (int version = 0; version <= TaskEnvelopes.LAST_VERSION; version++) {
      view = projection.apply(view, JournalMessage.parse(LoupeApi.JSON,
          TaskEnvelopes.envelope(stream, version, 1000 + version)));
    }

    // then
    assertThat(view.status()).isEqualTo(TaskStatus.DONE);
    assertThat(view.version()).isEqualTo(TaskEnvelopes.LAST_VERSION);
    assertThat(view.id()).isEqualTo(TaskViewProjection.taskId(stream));
    assertThat(view.objects()).hasSize(1);
  }

  @Test
  void shouldCarryEveryFieldOfTheRelaysEnvelope() throws Exception {
    JsonNode envelope = LoupeApi.JSON.readTree(TaskEnvelopes.envelope("task-1", 3, 42));
    assertThat(envelope.fieldNames()).toIterable().containsExactly("eventId", "streamId", "version", "position",
        "type", "schemaVersion", "eventTime", "recordedTime", "correlationId", "causationId", "actor", "payload");
    assertThat(envelope.path("type").asText()).isEqualTo("AssistanceRequested");
    assertThat(envelope.path("eventId").asText())
        .isEqualTo(LoupeApi.JSON.readTree(TaskEnvelopes.envelope("task-1", 3, 43)).path("eventId").asText());
  }
}
