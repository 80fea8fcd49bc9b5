package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.readmodels.projection.ReadModelIndexes;
import dev.loupe.readmodels.projection.ReadModels;
import dev.loupe.readmodels.projection.Rebuilds;
import dev.loupe.readmodels.tasks.TaskSearch;
import dev.loupe.readmodels.tasks.TaskSort;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Zero-downtime rebuilds of the tasks read model from the journal, against the real embedded servers: queries
 * answer all through a rebuild while appends go on, the alias moves to the new index version, one of two instances
 * rebuilds while the other serves, and a read model whose index is lost is rebuilt as Loupe starts.
 */
@LoupeIntegrationTest
class ReadModelRebuildIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final int TASKS = 150;

  @Autowired private EventJournal journal;
  private JournaledTasks journaled;
  @Autowired private TaskViews views;
  @Autowired private ReadModels readModels;
  @Autowired private ReadModelIndexes indexes;
  @Autowired private ElasticsearchClient elasticsearch;
  @Autowired private TestRestTemplate http;
  @LocalServerPort private int port;
  @Autowired private ObjectMapper json;
  @Autowired private JdbcClient jdbc;

  @Value("${loupe.data-dir}")
  private String dataDirectory;

  @BeforeEach
  void journalTasksDirectly() {
    journaled = new JournaledTasks(journal, "rebuild-it");
  }

  @Test
  void shouldRebuildWhileQueriesAnswerAndAppendsGoOn() throws Exception {
    // given: tasks in the read model
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      tasks.add(journaled.create("rebuild-it"));
    }
    await().atMost(PATIENCE).until(() -> tasks.stream().allMatch(task -> version(task) >= 1));
    // a GET is realtime, a search sees what the last refresh made searchable: the reader's baseline is all of them
    await().atMost(PATIENCE).until(() -> rebuildItTasksFound() >= TASKS);
    String before = indexes.current("tasks").orElseThrow();

    // and: a reader that remembers the newest version it saw of each task, and a writer
    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, Long> seen = new ConcurrentHashMap<>();
    List<String> violations = new CopyOnWriteArrayList<>();
    List<String> createdDuring = new CopyOnWriteArrayList<>();
    Map<String, Long> appended = new ConcurrentHashMap<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      while (running.get()) {
        String task = tasks.get(ThreadLocalRandom.current().nextInt(tasks.size()));
        long version = version(task);
        Long earlier = seen.merge(task, version, Math::max);
        if (version < earlier) {
          violations.add("GET %s answered version %d after %d".formatted(task, version, earlier));
        }
        long total = rebuildItTasksFound();
        if (total < TASKS) {
          violations.add("search found " + total + " of the " + TASKS + " tasks");
        }
      }
    });
    Thread writer = Thread.ofPlatform().start(() -> {
      int round = 0;
      while (running.get()) {
        String task = tasks.get(round++ % tasks.size());
        long version = appended.getOrDefault(task, 1L);
        journaled.append(task, version, "TaskEscalated", "{\"priority\":" + (version + 1) + "}");
        appended.put(task, version + 1);
        if (round % 10 == 0) {
          createdDuring.add(journaled.create("rebuild-it-during"));
        }
      }
    });

    // when: a rebuild starts, and a second request for one comes while it runs
    ResponseEntity<String> started = http.postForEntity("/api/v1/read-models/tasks/rebuild", null, String.class);
    ResponseEntity<String> again = http.postForEntity("/api/v1/read-models/tasks/rebuild", null, String.class);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode done = await().atMost(PATIENCE).until(() -> readModel("tasks"),
        state -> List.of("DONE", "FAILED").contains(state.path("rebuild").path("state").asText()));
    running.set(false);
    writer.join();
    reader.join();

    // then: one rebuild ran, into the next index version, which the alias now points to; the old one is gone
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(done.path("rebuild").path("state").asText()).isEqualTo("DONE");
    String after = indexes.current("tasks").orElseThrow();
    assertThat(after).isEqualTo(done.path("rebuild").path("toIndex").asText()).isNotEqualTo(before);
    assertThat(done.path("index").asText()).isEqualTo(after);
    assertThat(elasticsearch.indices().exists(request -> request.index(before)).value()).isFalse();
    assertThat(done.path("rebuildingInto").isNull()).isTrue();

    // and: no query ever went back, and every event appended meanwhile is in the new index
    assertThat(violations).isEmpty();
    await().atMost(PATIENCE).untilAsserted(() -> {
      for (String task : tasks) {
        assertThat(version(task)).as(task).isEqualTo(journal.streamVersion("task-" + task));
      }
      for (String task : createdDuring) {
        assertThat(version(task)).as(task).isEqualTo(journal.streamVersion("task-" + task));
      }
    });

    // and: starting again after the rebuild finds the index through the alias and creates no other
    readModels.afterPropertiesSet();
    assertThat(indexes.current("tasks")).contains(after);
    assertThat(elasticsearch.indices().get(request -> request.index("tasks-v*")).result().keySet())
        .containsExactly(after);
  }

  @Test
  void shouldRebuildTasksFromTaskStreamsOnlyAndLeaveOtherStreamsUnquarantined() throws Exception {
    // given: a stream of another aggregate in the journal, as the model registry writes them
    String modelStream = "model-rebuild-it-" + UUID.randomUUID();
    journal.append(modelStream, ExpectedVersion.NO_STREAM, List.of(new NewEvent(UUID.randomUUID(), "ModelActivated", 1,
        Instant.now(), "{\"classGroupKey\":\"rebuild-it\"}", new EventMetadata(modelStream, null, "rebuild-it"))));

    // when
    assertThat(http.postForEntity("/api/v1/read-models/tasks/rebuild", null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    JsonNode done = await().atMost(PATIENCE).until(() -> readModel("tasks"),
        state -> List.of("DONE", "FAILED").contains(state.path("rebuild").path("state").asText()));

    // then
    assertThat(done.path("rebuild").path("state").asText()).isEqualTo("DONE");
    assertThat(done.path("quarantined").findValuesAsText("streamId")).doesNotContain(modelStream);
  }

  @Test
  void shouldReleaseTheQuarantinedStreamsARebuildFoldsAndKeepThoseItCannot() throws Exception {
    // given: a task quarantined before its projection was fixed, whose events fold now, and one whose do not
    String healed = journaled.create("rebuild-it-quarantine");
    String poisoned = journaled.create("rebuild-it-quarantine");
    await().atMost(PATIENCE).until(() -> version(healed) >= 1 && version(poisoned) >= 1);
    jdbc.sql("""
            INSERT INTO read_model_quarantine (read_model, stream_id, stream_version, reason)
            VALUES ('tasks', :stream, 1, 'TaskCreated v1 cannot be applied: a projection bug, fixed since')
            """)
        .param("stream", "task-" + healed)
        .update();
    journaled.append(poisoned, 1, "TaskTeleported", "{\"to\":\"mars\"}");
    await().atMost(PATIENCE).until(() -> quarantined().contains("task-" + poisoned));

    // when
    assertThat(http.postForEntity("/api/v1/read-models/tasks/rebuild", null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    JsonNode done = await().atMost(PATIENCE).until(() -> readModel("tasks"),
        state -> List.of("DONE", "FAILED").contains(state.path("rebuild").path("state").asText()));

    // then
    assertThat(done.path("rebuild").path("state").asText()).isEqualTo("DONE");
    assertThat(quarantined()).contains("task-" + poisoned).doesNotContain("task-" + healed);
  }

  @Test
  void shouldLetArchivesRunAgainOnceARebuildHasReadTheJournal() throws Exception {
    // given
    assertThat(http.postForEntity("/api/v1/read-models/tasks/rebuild", null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    await().atMost(PATIENCE).until(() -> readModel("tasks"),
        state -> List.of("DONE", "FAILED").contains(state.path("rebuild").path("state").asText()));

    // when
    ResponseEntity<String> archived = JsonRequests.post(http, "/api/v1/journal/archive", "{\"olderThanMonths\": 1}",
        null);

    // then
    assertThat(archived.getStatusCode()).as(archived.getBody()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void shouldRebuildAReadModelWhoseIndexIsLostWhenLoupeStarts() throws Exception {
    // given: scores of model checks in the journal, and their read model's index lost
    String taskId = journaled.create("rebuild-it");
    journaled.append(taskId, 1, "AutomaticResultEvaluated", """
        {"model":{"name":"rebuild-it-model","version":"3"},"scores":[
          {"classId":"cola","truePositives":4,"falsePositives":1,"falseNegatives":0}]}""");
    await().atMost(PATIENCE).until(() -> quality("rebuild-it-model").path("versions").size() == 1);
    String lost = indexes.current("model-evaluations").orElseThrow();
    elasticsearch.indices().delete(request -> request.index(lost));

    // when: Loupe starts (its read models' start-up, then the application is ready)
    readModels.afterPropertiesSet();
    readModels.rebuildWhatWasLost();

    // then: the read model is rebuilt from the journal into a new index version
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode state = readModel("model-evaluations");
      assertThat(state.path("rebuild").path("state").asText()).isEqualTo("DONE");
      assertThat(quality("rebuild-it-model").path("versions").get(0).path("objects").path("truePositives").asLong())
          .isEqualTo(4);
    });
    String rebuilt = indexes.current("model-evaluations").orElseThrow();
    assertThat(elasticsearch.indices().exists(request -> request.index(rebuilt)).value()).as(rebuilt).isTrue();
  }

  @Test
  void shouldRebuildTheTasksIndexWhenItsMappingLacksFieldsWhenLoupeStartsSoOldDocumentsGetThem() throws Exception {
    // given: the tasks index of an older Loupe, whose mapping has no model, recipe, incident, finish or flag fields,
    // holding a task whose model the journal knows
    String taskId = journaled.create("mapping-upgrade",
        "{\"classGroupKey\":\"g\",\"model\":{\"name\":\"upgrade-model\",\"version\":\"4\"}}");
    await().atMost(PATIENCE).until(() -> version(taskId) == 1);
    String live = indexes.current("tasks").orElseThrow();
    List<String> newFields = List.of("model", "recipe", "incident", "finishedAt", "flagReason");
    ObjectNode olderMapping = (ObjectNode) json.readTree(JsonpUtils.toJsonString(elasticsearch.indices()
        .getMapping(request -> request.index(live)).result().get(live).mappings(), elasticsearch._jsonpMapper()));
    ((ObjectNode) olderMapping.path("properties")).remove(newFields);
    ObjectNode olderDocument = (ObjectNode) elasticsearch.get(get -> get.index(live).id(taskId), JsonNode.class)
        .source();
    olderDocument.remove(newFields);
    String older = "tasks-v900";
    elasticsearch.indices().create(create -> create.index(older)
        .settings(settings -> settings.numberOfShards("1").numberOfReplicas("0"))
        .mappings(mappings -> mappings.withJson(new StringReader(olderMapping.toString()))));
    elasticsearch.index(index -> index.index(older).id(taskId).version(1L).versionType(VersionType.External)
        .document(olderDocument));
    elasticsearch.indices().updateAliases(request -> request
        .actions(action -> action.remove(remove -> remove.index(live).alias("tasks")))
        .actions(action -> action.add(add -> add.index(older).alias("tasks").isWriteIndex(true))));
    elasticsearch.indices().delete(request -> request.index(live));
    assertThat(views.find(taskId).orElseThrow().model()).as("the older document").isNull();

    // when: Loupe starts
    readModels.afterPropertiesSet();
    readModels.rebuildWhatWasLost();

    // then: a new index version, rebuilt from the journal, has the new fields in every document and no mark
    JsonNode rebuilt = await().atMost(PATIENCE).until(() -> readModel("tasks").path("rebuild"),
        rebuild -> older.equals(rebuild.path("fromIndex").asText())
            && List.of("DONE", "FAILED").contains(rebuild.path("state").asText()));
    assertThat(rebuilt.path("state").asText()).as(rebuilt.toString()).isEqualTo("DONE");
    assertThat(views.find(taskId).orElseThrow().model().version()).isEqualTo("4");
    String current = indexes.current("tasks").orElseThrow();
    assertThat(current).isEqualTo(rebuilt.path("toIndex").asText()).isNotEqualTo(older);
    assertThat(elasticsearch.indices().getMapping(request -> request.index(current)).result().get(current)
        .mappings().meta()).as("no field is left unfilled").isEmpty();
  }

  @Test
  void shouldLetOneOfTwoInstancesRebuildWhileTheOtherServesAndTellsHowItWentAndStartOnTheNewIndexAfterIt() throws Exception {
    // given: a second Loupe instance on the same servers (no relay: one per database)
    String taskId = journaled.create("rebuild-it");
    await().atMost(PATIENCE).until(() -> version(taskId) >= 1);
    try (ConfigurableApplicationContext second = startSecondInstance()) {
      TestRestTemplate secondHttp = new TestRestTemplate(new RestTemplateBuilder()
          .rootUri("http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port"))
          .defaultHeader(HttpHeaders.AUTHORIZATION,
              "Bearer " + StaffAuth.token(port, "admin", StaffAuth.ADMIN_PASSWORD)));

      // when: the first rebuilds, and the second is asked to as well
      ResponseEntity<String> started = http.postForEntity("/api/v1/read-models/tasks/rebuild", null, String.class);
      ResponseEntity<String> refused = secondHttp.postForEntity("/api/v1/read-models/tasks/rebuild", null,
          String.class);
      List<HttpStatus> servedMeanwhile = new ArrayList<>();
      await().atMost(PATIENCE).until(() -> {
        servedMeanwhile.add(HttpStatus.valueOf(secondHttp.getForEntity("/api/v1/tasks/" + taskId, String.class)
            .getStatusCode().value()));
        return !readModel("tasks").path("rebuild").path("state").asText().equals("RUNNING");
      });

      // then: one rebuild ran; the second instance kept answering, tells how it went, and now finds the new index
      // through the alias
      assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
      assertThat(servedMeanwhile).isNotEmpty().containsOnly(HttpStatus.OK);
      String rebuilt = readModel("tasks").path("rebuild").path("toIndex").asText();
      JsonNode seenBySecond = json.readTree(secondHttp.getForEntity("/api/v1/read-models/tasks", String.class)
          .getBody());
      assertThat(seenBySecond.path("index").asText()).isEqualTo(rebuilt);
      assertThat(seenBySecond.path("rebuild").path("state").asText()).isEqualTo("DONE");
      assertThat(seenBySecond.path("rebuild").path("toIndex").asText()).isEqualTo(rebuilt);
    }

    // and when: another instance starts after the rebuild
    String rebuilt = indexes.current("tasks").orElseThrow();
    try (ConfigurableApplicationContext restarted = startSecondInstance()) {
      // then: it serves the rebuilt index, created no other, and still knows the rebuild
      assertThat(restarted.getBean(ReadModelIndexes.class).current("tasks")).contains(rebuilt);
      assertThat(restarted.getBean(Rebuilds.class).status("tasks")).hasValueSatisfying(status -> {
        assertThat(status.state()).isEqualTo("DONE");
        assertThat(status.toIndex()).isEqualTo(rebuilt);
      });
      assertThat(elasticsearch.indices().get(request -> request.index("tasks-v*")).result().keySet())
          .containsExactly(rebuilt);
    }
  }

  /** Loupe again, in this JVM: the embedded servers already run, so it points at the same ones. */
  private ConfigurableApplicationContext startSecondInstance() {
    return new SpringApplicationBuilder(LoupeApplication.class).properties(
            "server.port=0",
            "loupe.relay.enabled=false",
            "loupe.recipes.watch-directory=",
            "loupe.data-dir=" + dataDirectory)
        .run();
  }

  private JsonNode readModel(String name) throws Exception {
    return json.readTree(http.getForEntity("/api/v1/read-models/" + name, String.class).getBody());
  }

  private List<String> quarantined() throws Exception {
    return readModel("tasks").path("quarantined").findValuesAsText("streamId");
  }

  private JsonNode quality(String model) throws Exception {
    return json.readTree(http.getForEntity("/api/v1/model-quality/" + model, String.class).getBody());
  }

  private long version(String taskId) {
    Optional<TaskView> view = views.find(taskId);
    return view.map(TaskView::version).orElse(-1L);
  }

  /** How many tasks of the class group this test journals a search of the tasks read model finds. */
  private long rebuildItTasksFound() {
    return views.search(new TaskSearch(null, null, null, "rebuild-it", null, null, null, null, null, null, null, false),
        new TaskViews.PageRequest(0, 1, TaskSort.NEWEST_FIRST, null)).total();
  }
}
