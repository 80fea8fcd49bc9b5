package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.embedded.EmbeddedOutages;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.relay.JournalRelay;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.projection.DeadLetter;
import dev.loupe.readmodels.projection.DeadLetters;
import dev.loupe.readmodels.projection.ReadModelDefinition;
import dev.loupe.readmodels.projection.ReadModelIndexes;
import dev.loupe.readmodels.projection.ReadModelLag;
import dev.loupe.readmodels.projection.ReadModels;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViewProjection;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.task.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The read side never lies: against the real embedded servers, a lost event is repaired from the journal, a
 * message that cannot be used is dead-lettered, listed and replayed, a stream whose journal cannot be folded is
 * quarantined while the others go on, and an Elasticsearch outage only pauses the projectors.
 */
@LoupeIntegrationTest
class ReadModelsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Autowired private EventJournal journal;
  private JournaledTasks journaled;
  @Autowired private JournalRelay relay;
  @Autowired private KafkaTemplate<String, String> kafka;
  @Autowired private TaskViews views;
  @Autowired private TaskViewProjection projection;
  @Autowired private DeadLetters deadLetters;
  @Autowired private ReadModels readModels;
  @Autowired private ReadModelLag lag;
  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private ReadModelIndexes indexes;
  @Autowired private ElasticsearchClient elasticsearch;

  @Value("${loupe.relay.topic-prefix:loupe.events}.task")
  private String topic;

  @BeforeEach
  void journalTasksDirectly() {
    journaled = new JournaledTasks(journal, "read-models-it");
  }

  @Test
  void shouldFoldAStreamFromTheJournalWhenOneOfItsEventsNeverArrives() throws Exception {
    // given: a task the read model has at version 1
    String taskId = journaled.create("read-models-it");
    awaitVersion(taskId, 1);

    // when: versions 2 and 3 are journaled, but only version 3 reaches Kafka
    relay.stop();
    try {
      journaled.append(taskId, 1, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}");
      journaled.append(taskId, 2, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s-" + taskId + "\"}");
      publish(taskId, envelope(journal.readStream("task-" + taskId, 3).getFirst()));

      // then: the view is never version 3 on top of version 1: it is the journal's fold
      TaskView repaired = awaitVersion(taskId, 3);
      assertThat(repaired.status()).isEqualTo(TaskStatus.IN_PROGRESS);
      assertThat(repaired.operatorId()).isEqualTo("ayse");
      assertThat(repaired.assistanceReason()).isEqualTo("MODEL_NOT_FOUND");
      assertSameAsJournalFold(taskId, repaired);
    } finally {
      relay.start();
    }
  }

  @Test
  void shouldDeadLetterAMalformedMessageListItAndRepairItsStreamWhenReplayed() throws Exception {
    // given: a task at version 1, and its version 2 journaled while Kafka gets only a broken copy of it
    String taskId = journaled.create("read-models-it");
    awaitVersion(taskId, 1);
    relay.stop();
    try {
      journaled.append(taskId, 1, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}");
      ObjectNode broken = (ObjectNode) json.readTree(envelope(journal.readStream("task-" + taskId, 2).getFirst()));
      broken.put("version", "two");
      publish(taskId, json.writeValueAsString(broken));

      // when: the projectors meet it
      DeadLetter letter = await().atMost(PATIENCE).until(() -> waitingLettersOf(taskId).stream()
          .filter(waiting -> waiting.readModel().equals("tasks")).findFirst(), Optional::isPresent).orElseThrow();

      // then: each read model of the task streams lists it, health warns (HTTP 200), and the view did not move
      assertThat(letter.exception()).contains("not a journal event message");
      assertThat(letter.originalTopic()).isEqualTo(topic);
      List<String> taskReadModels = readModels.all().stream()
          .filter(readModel -> readModel.definition().aggregateType().equals("task"))
          .map(readModel -> readModel.definition().name())
          .toList();
      assertThat(taskReadModels).contains("tasks", "model-evaluations", "operator-sessions", "billing");
      await().atMost(PATIENCE).until(() -> waitingLettersOf(taskId).size() == taskReadModels.size());
      ResponseEntity<String> listed = http.getForEntity("/api/v1/read-models/dead-letters", String.class);
      assertThat(listed.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(json.readTree(listed.getBody()).findValuesAsText("readModel")).containsAll(taskReadModels);
      ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
      assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
      JsonNode readModelsHealth = json.readTree(health.getBody()).path("components").path("readModels");
      assertThat(readModelsHealth.path("status").asText()).isEqualTo("WARN");
      assertThat(readModelsHealth.path("details").path("deadLettersWaiting").asLong()).isPositive();
      assertThat(views.find(taskId).orElseThrow().version()).isEqualTo(1);

      // when: the tasks read model's dead letter is replayed, then every one still waiting
      ResponseEntity<String> replayed = http.postForEntity("/api/v1/read-models/dead-letters/" + letter.id()
          + "/replay", null, String.class);
      ResponseEntity<String> replayedAll = http.postForEntity("/api/v1/read-models/dead-letters/replay", null,
          String.class);

      // then: the stream's view is the journal's (the relay still sends nothing), and no dead letter of it waits
      // any more, durably
      assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(json.readTree(replayed.getBody()).path("state").asText()).isEqualTo("REPLAYED");
      assertThat(replayedAll.getStatusCode()).isEqualTo(HttpStatus.OK);
      TaskView view = views.find(taskId).orElseThrow();
      assertThat(view.version()).isEqualTo(2);
      assertThat(view.status()).isEqualTo(TaskStatus.WAITING_FOR_OPERATOR);
      assertSameAsJournalFold(taskId, view);
      assertThat(waitingLettersOf(taskId)).isEmpty();
      assertThat(deadLetters.list(false))
          .filteredOn(listedLetter -> ("task-" + taskId).equals(listedLetter.streamId()))
          .extracting(DeadLetter::state).containsOnly("REPLAYED").hasSize(taskReadModels.size());
    } finally {
      relay.start();
    }
  }

  @Test
  void shouldStopListingAsWaitingADeadLetterOnceItsStreamsDocumentIsPastItsVersion() throws Exception {
    // given: a message claiming a version 3 the journal does not hold yet, dead-lettered by the tasks read model
    String taskId = journaled.create("read-models-it");
    awaitVersion(taskId, 1);
    ObjectNode ahead = (ObjectNode) json.readTree(envelope(journal.readStream("task-" + taskId, 1).getFirst()));
    ahead.put("eventId", UUID.randomUUID().toString()).put("version", 3);
    publish(taskId, json.writeValueAsString(ahead));
    DeadLetter letter = await().atMost(PATIENCE).until(() -> waitingLettersOf(taskId).stream()
        .filter(waiting -> waiting.readModel().equals("tasks")).findFirst(), Optional::isPresent).orElseThrow();
    assertThat(letter.exception()).contains("the journal holds no version 3");

    // when: the journal's own versions 2 and 3 reach the document
    journaled.append(taskId, 1, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}");
    journaled.append(taskId, 2, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s-" + taskId + "\"}");
    awaitVersion(taskId, 3);

    // then: the letter no longer waits, and says why, durably
    assertThat(waitingLettersOf(taskId)).extracting(DeadLetter::readModel).doesNotContain("tasks");
    assertThat(deadLetters.list(false)).filteredOn(listed -> listed.id().equals(letter.id()))
        .extracting(DeadLetter::state).containsExactly("SUPERSEDED");
  }

  @Test
  void shouldGiveTheCurrentIndexTheReadModelsRefreshIntervalAtStartUp() throws Exception {
    // given: a read model's index created with a 1 s refresh interval
    String name = "refresh-probe-" + UUID.randomUUID().toString().substring(0, 8);
    ReadModelDefinition created = new ReadModelDefinition(name, "{\"dynamic\":\"strict\",\"properties\":{}}", "1s",
        "refresh-probe", "task");
    assertThat(indexes.ensure(created)).isEqualTo(ReadModelIndexes.Ensured.CREATED);

    // when: Loupe starts again with the interval set to 100 ms
    assertThat(indexes.ensure(created.withRefreshInterval("100ms"))).isEqualTo(ReadModelIndexes.Ensured.CURRENT);

    // then
    String index = indexes.current(name).orElseThrow();
    assertThat(elasticsearch.indices().getSettings(request -> request.index(index)).result().get(index).settings()
        .index().refreshInterval().time()).isEqualTo("100ms");
  }

  @Test
  void shouldAnswerNotFoundForADeadLetterThatDoesNotExist() {
    ResponseEntity<String> replayed = http.postForEntity("/api/v1/read-models/dead-letters/tasks:nowhere:0:0/replay",
        null, String.class);

    assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void shouldQuarantineAStreamWhoseJournalCannotBeFoldedAndGoOnWithTheOthers() throws Exception {
    // given: a task whose journal holds an event type the tasks view does not know
    String poisoned = journaled.create("read-models-it");
    awaitVersion(poisoned, 1);
    journaled.append(poisoned, 1, "TaskTeleported", "{\"to\":\"mars\"}");

    // when: other tasks come after it
    String healthy = journaled.create("read-models-it");

    // then: the poisoned one is listed in quarantine and its view marked stale at its last good version
    awaitVersion(healthy, 1);
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode tasks = json.readTree(http.getForEntity("/api/v1/read-models/tasks", String.class).getBody());
      assertThat(tasks.path("quarantined").findValuesAsText("streamId")).contains("task-" + poisoned);
    });
    TaskView stale = views.find(poisoned).orElseThrow();
    assertThat(stale.stale()).isTrue();
    assertThat(stale.version()).isEqualTo(1);
    JsonNode tasks = json.readTree(http.getForEntity("/api/v1/read-models/tasks", String.class).getBody());
    JsonNode quarantined = tasks.path("quarantined").findParents("streamId").stream()
        .filter(entry -> entry.path("streamId").asText().equals("task-" + poisoned)).findFirst().orElseThrow();
    assertThat(quarantined.path("version").asLong()).isEqualTo(2);
    assertThat(quarantined.path("reason").asText()).contains("TaskTeleported");
    assertThat(views.find(healthy).orElseThrow().stale()).isFalse();
  }

  @Test
  void shouldPauseThroughAnElasticsearchOutageSayItIsUnavailableAndCatchUpWithoutDeadLetters() throws Exception {
    // given
    int deadLettersBefore = deadLetters.list(false).size();
    await().atMost(PATIENCE).until(() -> lag.of(readModels.get("tasks").definition()).events() == 0);

    // when: Elasticsearch is down while tasks are created
    EmbeddedOutages.stop("Elasticsearch");
    List<String> created;
    try {
      created = List.of(journaled.create("read-models-it"), journaled.create("read-models-it"), journaled.create("read-models-it"));
      await().atMost(PATIENCE).until(() -> lag.of(readModels.get("tasks").definition()).events() >= 6);
      await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
          .until(() -> lag.of(readModels.get("tasks").definition()).events() >= 6);
      assertThat(http.getForEntity("/api/v1/read-models", String.class).getStatusCode())
          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    } finally {
      EmbeddedOutages.restart("Elasticsearch");
    }

    // then: the projector catches up on its own, and nothing went to the dead letters
    for (String taskId : created) {
      awaitVersion(taskId, 1, Duration.ofSeconds(120));
    }
    assertThat(deadLetters.list(false)).hasSize(deadLettersBefore);
  }

  private List<DeadLetter> waitingLettersOf(String taskId) {
    return deadLetters.list(true).stream()
        .filter(letter -> ("task-" + taskId).equals(letter.streamId()))
        .toList();
  }




  /** The envelope the relay would publish for this event. */
  private String envelope(RecordedEvent event) throws Exception {
    ObjectNode envelope = json.createObjectNode()
        .put("eventId", event.eventId().toString())
        .put("streamId", event.streamId())
        .put("version", event.version())
        .put("position", event.position())
        .put("type", event.type())
        .put("schemaVersion", event.schemaVersion())
        .put("eventTime", event.eventTime().toString())
        .put("recordedTime", event.recordedTime().toString())
        .put("correlationId", event.metadata().correlationId())
        .put("causationId", event.metadata().causationId())
        .put("actor", event.metadata().actor());
    envelope.set("payload", json.readTree(event.payloadJson()));
    return json.writeValueAsString(envelope);
  }

  private void publish(String taskId, String message) throws Exception {
    kafka.send(topic, "task-" + taskId, message).get();
  }

  private TaskView awaitVersion(String taskId, long version) {
    return awaitVersion(taskId, version, PATIENCE);
  }

  private TaskView awaitVersion(String taskId, long version, Duration patience) {
    return await().atMost(patience).ignoreExceptions()
        .until(() -> views.find(taskId), view -> view.isPresent() && view.get().version() >= version)
        .orElseThrow();
  }

  private void assertSameAsJournalFold(String taskId, TaskView view) {
    TaskView fold = projection.fold(journal.readStream("task-" + taskId).stream()
        .map(event -> JournalMessage.of(event, json))
        .toList()).orElseThrow();
    assertThat(view).extracting(TaskView::version, TaskView::status, TaskView::operatorId, TaskView::assistanceReason,
            TaskView::createdAt, TaskView::updatedAt, TaskView::stale)
        .containsExactly(fold.version(), fold.status(), fold.operatorId(), fold.assistanceReason(), fold.createdAt(),
            fold.updatedAt(), fold.stale());
  }
}
