package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.JournalOwner;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The walking skeleton through the real embedded servers: Zeebe, PostgreSQL, Kafka and Elasticsearch, all
 * started for this test JVM on free ports with fresh data.
 */
@LoupeIntegrationTest
class LoupeEndToEndIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final List<String> PRODUCT_DETECTION_EVENTS = List.of("TaskCreated", "RecipeRunStarted",
      "DetectionRequested", "ModelNotFound", "AssistanceRequested", "OperatorAssigned", "ObjectsAdded",
      "OperatorFinished", "TaskResultGenerated", "TaskReported");

  private static CallbackReceiver client;

  @Autowired private TestRestTemplate http;
  @Autowired private MeterRegistry meters;

  @Value("${loupe.recipes.watch-directory}")
  private Path watchedRecipes;
  @Autowired private ObjectMapper json;
  @Autowired private JdbcClient jdbc;
  @Autowired @JournalOwner private DataSource owner;
  @Autowired private ElasticsearchClient elasticsearch;
  @Autowired private TaskRepository tasks;

  @Value("${spring.kafka.bootstrap-servers}")
  private String kafkaServers;

  @BeforeAll
  static void startCallbackReceiver() throws IOException {
    client = CallbackReceiver.start();
  }

  @AfterAll
  static void stopCallbackReceiver() {
    client.close();
  }

  @Test
  void shouldRunProductDetectionTaskThroughEveryServer() throws Exception {
    // given
    String ayse = People.token(http, "ayse", "operator");
    String bora = People.token(http, "bora", "operator");
    People.inTeamFor(http, "shelves", "product-detection", "ayse", "bora");
    ResponseEntity<String> created = createTask("e2e-happy", taskBody("beverages"));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String taskId = read(created).path("id").asText();
    await().atMost(PATIENCE).until(() -> read(JsonRequests.getAs(ayse, http, "/api/v1/inbox")).findValuesAsText("id")
        .contains(taskId));

    // when
    ResponseEntity<String> claimed = JsonRequests.postAs(ayse, http, "/api/v1/inbox/" + taskId + "/claim", null, null);
    ResponseEntity<String> claimedAgain = JsonRequests.postAs(bora, http, "/api/v1/inbox/" + taskId + "/claim", null,
        null);
    String sessionId = read(claimed).path("sessionId").asText();
    ResponseEntity<String> finished = JsonRequests.postAs(ayse, http, "/api/v1/sessions/" + sessionId + "/finish", """
        {"objects":[{"imageIndex":0,"box":{"x":10,"y":20,"w":100,"h":200},"classId":"cola"}]}""", null);

    // then
    assertThat(claimed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(claimedAgain.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(claimedAgain.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(finished.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> client.callbackFor(taskId), body -> body != null));
    assertThat(callback.path("result").path("objects")).hasSize(1);
    assertThat(callback.path("result").path("objects").get(0).path("classId").asText()).isEqualTo("cola");

    List<JsonNode> journal = new ArrayList<>();
    await().atMost(PATIENCE).untilAsserted(() -> {
      journal.clear();
      read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class)).forEach(journal::add);
      assertThat(journal).extracting(event -> event.path("type").asText()).isEqualTo(PRODUCT_DETECTION_EVENTS);
    });
    assertThat(journal).extracting(event -> event.path("version").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L,
        6L, 7L, 8L, 9L);

    assertThat(kafkaMessagesOf("task-" + taskId, PRODUCT_DETECTION_EVENTS.size()))
        .extracting(message -> message.path("type").asText())
        .isEqualTo(PRODUCT_DETECTION_EVENTS);

    await().atMost(PATIENCE).untilAsserted(() -> {
      GetResponse<JsonNode> document = elasticsearch.get(get -> get.index("tasks").id(taskId), JsonNode.class);
      assertThat(document.found()).isTrue();
      assertThat(document.version()).isEqualTo(9L);
      assertThat(document.source().path("status").asText()).isEqualTo("DONE");
      assertThat(document.source().path("version").asLong()).isEqualTo(9L);
      assertThat(document.source().path("result").path("objects")).hasSize(1);
    });
    JsonNode view = read(http.getForEntity("/api/v1/tasks/" + taskId, String.class));
    assertThat(view.path("status").asText()).isEqualTo("DONE");
    assertThat(view.path("classGroup").path("key").asText()).isEqualTo("beverages");
    assertThat(view.path("operatorId").asText()).isEqualTo("ayse");
  }

  @Test
  void shouldSummarizeAnOperatorSessionOfCommands() throws Exception {
    // given
    String[] claimed = claimNewTask("e2e-commands");

    // when: the operator adds two boxes, moves one, removes the other and relabels the first
    ResponseEntity<String> finished = post("/api/v1/sessions/" + claimed[1] + "/finish", """
        {"commands":[
          {"op":"add","objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":10,"h":10},"classId":"cola"},
          {"op":"add","objectId":"b","imageIndex":0,"box":{"x":50,"y":50,"w":10,"h":10},"classId":"cola"},
          {"op":"move","objectId":"a","box":{"x":5,"y":6,"w":20,"h":30}},
          {"op":"remove","objectId":"b"},
          {"op":"relabel","objectId":"a","classId":"water"}]}""", null);

    // then: one ObjectsAdded with the first box as it ended, nothing about the second
    assertThat(finished.getStatusCode()).as(finished.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode events = read(http.getForEntity("/api/v1/tasks/" + claimed[0] + "/events", String.class));
    assertThat(events.findValuesAsText("type")).containsSubsequence("OperatorAssigned", "ObjectsAdded",
        "OperatorFinished").doesNotContain("ObjectsRemoved", "ObjectsMoved", "ObjectsLabeled");
    JsonNode added = java.util.stream.StreamSupport.stream(events.spliterator(), false)
        .filter(event -> event.path("type").asText().equals("ObjectsAdded"))
        .findFirst().orElseThrow().path("payload").path("objects");
    assertThat(added).hasSize(1);
    assertThat(added.get(0).path("classId").asText()).isEqualTo("water");
    assertThat(added.get(0).path("box").path("w").asDouble()).isEqualTo(20.0);
  }

  @Test
  void shouldRejectASessionCommandOnAnUnknownObjectNamingIt() throws Exception {
    String[] claimed = claimNewTask("e2e-bad-command");

    ResponseEntity<String> finished = post("/api/v1/sessions/" + claimed[1] + "/finish",
        "{\"commands\":[{\"op\":\"remove\",\"objectId\":\"ghost\"}]}", null);

    assertBadRequestNaming(finished, "commands[0].objectId");
    assertThat(read(http.getForEntity("/api/v1/tasks/" + claimed[0] + "/events", String.class))
        .findValuesAsText("type")).doesNotContain("OperatorFinished");
  }

  @Test
  void shouldFoldTheSameTaskWithAndWithoutSnapshots() throws Exception {
    // given: a task taken to an operator, with snapshots taken every 4 events
    String[] claimed = claimNewTask("e2e-snapshots");
    String taskId = claimed[0];
    post("/api/v1/sessions/" + claimed[1] + "/finish", "{\"objects\":[]}", null);
    await().atMost(PATIENCE).until(() -> tasks.load(taskId).status() == TaskStatus.DONE);

    // when
    TaskState withSnapshot = tasks.load(taskId);
    long snapshotVersion = jdbc.sql("SELECT stream_version FROM journal_snapshot WHERE stream_id = :s")
        .param("s", "task-" + taskId).query(Long.class).single();
    // snapshots are never deleted by the application, so its role may not: the owner removes this one
    JdbcClient.create(owner).sql("DELETE FROM journal_snapshot WHERE stream_id = :s").param("s", "task-" + taskId)
        .update();

    // then
    assertThat(snapshotVersion).isEqualTo(7);
    assertThat(withSnapshot).isEqualTo(tasks.load(taskId));
    assertThat(withSnapshot.version()).isEqualTo(8);
  }

  @Test
  void shouldReturnTheSameTaskForARepeatedCreate() throws Exception {
    // given
    String first = read(createTask("e2e-repeat", taskBody("snacks"))).path("id").asText();

    // when
    ResponseEntity<String> again = createTask("e2e-repeat", taskBody("snacks"));
    ResponseEntity<String> otherBody = createTask("e2e-repeat", taskBody("dairy"));

    // then
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(read(again).path("id").asText()).isEqualTo(first);
    assertThat(otherBody.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(read(otherBody).path("detail").asText()).contains("Idempotency-Key was already used");
    assertThat(jdbc.sql("SELECT count(*) FROM journal_event WHERE event_type = 'TaskCreated' AND stream_id = :s")
        .param("s", "task-" + first).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void shouldRejectBadRequestsNamingTheFieldAndWriteNothing() throws Exception {
    long eventsBefore = jdbc.sql("SELECT count(*) FROM journal_event").query(Long.class).single();

    assertBadRequestNaming(createTask("bad-1", """
        {"type":"product-detection","classGroup":{"key":"k","classes":[{"id":"a","name":"A"}]},
         "images":[],"callbackUrl":"http://127.0.0.1/cb"}"""), "images");
    assertBadRequestNaming(createTask("bad-2", """
        {"type":"product-detection","classGroup":{"key":"k","classes":[{"id":"a","name":"A"}]},
         "images":["http://img/1.jpg"],"callbackUrl":"ftp://somewhere/cb"}"""), "callbackUrl");
    assertBadRequestNaming(createTask("bad-3", """
        {"type":"product-detection","classGroup":{"key":"k","classes":[{"id":"","name":"A"}]},
         "images":["http://img/1.jpg"],"callbackUrl":"http://127.0.0.1/cb"}"""), "classGroup.classes[0].id");
    assertBadRequestNaming(createTask("bad-4", """
        {"type":"product-detection","classGroup":{"key":"k","classes":[{"id":"a","name":"A"}]},
         "images":"http://img/1.jpg","callbackUrl":"http://127.0.0.1/cb"}"""), "images");
    assertBadRequestNaming(createTask("bad-5", taskBody("k").replace("product-detection", "wine-tasting")), "type");
    assertBadRequestNaming(post("/api/v1/tasks", taskBody("k"), null), "Idempotency-Key");
    assertBadRequestNaming(createTask("bad-6", "{not json"), "body");

    assertThat(jdbc.sql("SELECT count(*) FROM journal_event").query(Long.class).single()).isEqualTo(eventsBefore);
  }

  @Test
  void shouldListTheJournalsMonthsAndRefuseToArchiveTheCurrentOne() throws Exception {
    JsonNode archive = read(http.getForEntity("/api/v1/journal/archive", String.class));
    String thisMonth = "journal_event_y" + YearMonth.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy'm'MM"));
    assertThat(archive.path("livePartitions").toString()).contains(thisMonth);

    assertBadRequestNaming(post("/api/v1/journal/archive", "{\"olderThanMonths\": 0}", null), "olderThanMonths");
    assertBadRequestNaming(post("/api/v1/journal/archive", "{}", null), "olderThanMonths");
    assertThat(read(post("/api/v1/journal/archive", "{\"olderThanMonths\": 1}", null))).isEmpty();
    assertThat(read(http.getForEntity("/api/v1/journal/archive", String.class)).path("livePartitions").toString())
        .contains(thisMonth);
  }

  @Test
  void shouldSendADoneTaskBackToAnOperatorAndReportTheCorrection() throws Exception {
    // given: a task an operator finished, reported
    String[] first = claimNewTask("e2e-resend");
    String taskId = first[0];
    post("/api/v1/sessions/" + first[1] + "/finish", """
        {"objects":[{"imageIndex":0,"box":{"x":1,"y":2,"w":30,"h":40},"classId":"cola"}]}""", null);
    await().atMost(PATIENCE).until(() -> eventTypes(taskId).contains("TaskReported"));

    // when
    ResponseEntity<String> resent = post("/api/v1/tasks/" + taskId + "/resend-to-operator",
        "{\"reason\":\"wrong class\"}", null);

    // then: back in the inbox; a second operator relabels the object and the task is reported again
    assertThat(resent.getStatusCode()).as(resent.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(post("/api/v1/tasks/" + taskId + "/resend-to-operator", "{}", null).getStatusCode())
        .as("not done any more").isEqualTo(HttpStatus.CONFLICT);
    await().atMost(PATIENCE).until(() -> inboxTaskIds().contains(taskId));
    String session = read(post("/api/v1/inbox/" + taskId + "/claim", null, null))
        .path("sessionId").asText();
    String objectId = read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class))
        .findValue("objects").get(0).path("objectId").asText();
    post("/api/v1/sessions/" + session + "/finish",
        "{\"commands\":[{\"op\":\"relabel\",\"objectId\":\"%s\",\"classId\":\"water\"}]}".formatted(objectId),
        null);
    List<String> events = await().atMost(PATIENCE).until(() -> eventTypes(taskId),
        types -> types.stream().filter("TaskReported"::equals).count() == 2);
    assertThat(events).containsSubsequence("TaskReported", "TaskResentToOperator", "OperatorAssigned",
        "ObjectsLabeled", "OperatorFinished", "TaskResultGenerated", "TaskReported");
  }

  private List<String> eventTypes(String taskId) throws IOException {
    List<String> types = new ArrayList<>();
    read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class))
        .forEach(event -> types.add(event.path("type").asText()));
    return types;
  }

  @Test
  void shouldDeployARecipeSavedInTheWatchedDirectoryAndRefuseABrokenOne() throws Exception {
    // given
    String shipped = new String(getClass().getResourceAsStream("/recipes/product-detection.bpmn").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    double deployedBefore = meters.counter("loupe.recipes.watch", "outcome", "deployed").count();
    double refusedBefore = meters.counter("loupe.recipes.watch", "outcome", "refused").count();

    // when: a designer saves a changed recipe, then a broken one
    Files.writeString(watchedRecipes.resolve("product-detection.bpmn"),
        shipped.replace("name=\"Report result\"", "name=\"Deliver the result\""));
    await().atMost(PATIENCE).until(
        () -> meters.counter("loupe.recipes.watch", "outcome", "deployed").count() > deployedBefore);
    Files.writeString(watchedRecipes.resolve("broken.bpmn"),
        shipped.replace("type=\"loupe.generate-result\"", "type=\"loupe.no-such-worker\""));

    // then
    await().atMost(PATIENCE).until(
        () -> meters.counter("loupe.recipes.watch", "outcome", "refused").count() > refusedBefore);
  }

  @Test
  void shouldAnswerNotFoundForUnknownTaskAndSession() {
    assertThat(http.getForEntity("/api/v1/tasks/no-such-task", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/v1/tasks/no-such-task/events", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(post("/api/v1/sessions/no-such-session/finish", "{\"objects\":[]}", null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void shouldReportEveryServerUp() throws Exception {
    JsonNode health = read(http.getForEntity("/actuator/health", String.class));

    // WARN: a read model's dead letters or quarantined streams wait (other tests leave some); never DOWN
    assertThat(health.path("status").asText()).isIn("UP", "WARN");
    for (String server : List.of("zeebe", "db", "kafka", "elasticsearch", "inference", "relay")) {
      assertThat(health.path("components").path(server).path("status").asText()).as(server).isEqualTo("UP");
    }
  }

  /** Creates a task, waits for it in the inbox and claims it as admin: {task id, session id}. */
  private String[] claimNewTask(String idempotencyKey) throws Exception {
    String taskId = read(createTask(idempotencyKey, taskBody("drinks"))).path("id").asText();
    await().atMost(PATIENCE).until(() -> inboxTaskIds().contains(taskId));
    String sessionId = read(post("/api/v1/inbox/" + taskId + "/claim", null,
        null)).path("sessionId").asText();
    return new String[] {taskId, sessionId};
  }

  @Test
  void shouldCancelAClaimedTaskAndListItAmongCancelledTasks() throws Exception {
    // given
    String[] claimed = claimNewTask("e2e-cancel");

    // when
    ResponseEntity<String> cancelled = post("/api/v1/tasks/" + claimed[0] + "/cancel", "{\"reason\":\"wrong shelf\"}", null);
    ResponseEntity<String> again = post("/api/v1/tasks/" + claimed[0] + "/cancel", "{}", null);
    ResponseEntity<String> finished = post("/api/v1/sessions/" + claimed[1] + "/finish", "{\"objects\":[]}", null);

    // then
    assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(read(cancelled).path("status").asText()).isEqualTo("CANCELLED");
    assertThat(again.getStatusCode()).as("a repeated cancel changes nothing").isEqualTo(HttpStatus.ACCEPTED);
    assertThat(read(http.getForEntity("/api/v1/tasks/" + claimed[0] + "/events", String.class))
        .findValuesAsText("type")).containsOnlyOnce("TaskCancelled");
    assertThat(finished.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(
        read(http.getForEntity("/api/v1/tasks?status=CANCELLED&classGroupKey=drinks", String.class))
            .path("items").findValuesAsText("id")).contains(claimed[0]));
    assertThat(read(http.getForEntity("/api/v1/tasks?size=500", String.class)).path("errors")
        .findValuesAsText("field")).isNotEmpty();
    assertThat(read(http.getForEntity("/api/v1/tasks?status=CANCELED", String.class)).path("errors")
        .findValuesAsText("field")).as("a status TaskStatus does not have").containsExactly("status");
  }

  @Test
  void shouldDeployAChangedRecipeAndRefuseABrokenOneWithItsReasons() throws Exception {
    // given
    String shipped = new String(getClass().getResourceAsStream("/recipes/product-detection.bpmn").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    String renamed = shipped.replace("name=\"Report result\"", "name=\"Send result to the client\"");
    String unknownJob = shipped.replace("type=\"loupe.generate-result\"", "type=\"loupe.no-such-worker\"");

    // when
    ResponseEntity<String> deployed = postXml("/api/v1/recipes?name=product-detection.bpmn", renamed);
    ResponseEntity<String> refused = postXml("/api/v1/recipes?name=product-detection.bpmn", unknownJob);
    ResponseEntity<String> garbage = postXml("/api/v1/recipes", "<definitions>not bpmn");

    // then
    assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(read(deployed).path("processId").asText()).isEqualTo("product-detection");
    assertThat(read(deployed).path("version").asInt()).isGreaterThan(1);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(refused).path("errors").findValuesAsText("message"))
        .anyMatch(message -> message.contains("'loupe.no-such-worker', which no worker serves"));
    assertThat(garbage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(garbage).path("detail").asText()).contains("not a valid BPMN 2.0 file");
  }

  @Test
  void shouldDeployARecipeLinkingAFormDeployedFirstAndRefuseOnesWhoseFormIsMissing() throws Exception {
    // given
    String shipped = new String(getClass().getResourceAsStream("/recipes/product-detection.bpmn").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    String checkTask = "<bpmn:userTask id=\"OperatorChecksTask\"";
    String assignment = "<zeebe:assignmentDefinition candidateGroups=\"operators\" />";
    int at = shipped.indexOf(assignment, shipped.indexOf(checkTask)) + assignment.length();
    java.util.function.Function<String, String> withForm = form -> shipped.substring(0, at) + form + shipped.substring(at);
    String form = """
        {"id":"quality-check-form","type":"default","schemaVersion":16,
         "components":[{"type":"checkbox","key":"accepted","label":"The model's objects are right"}]}""";

    // when
    ResponseEntity<String> unknownForm = postXml("/api/v1/recipes?name=product-detection.bpmn",
        withForm.apply("<zeebe:formDefinition formId=\"quality-check-form\" />"));
    ResponseEntity<String> notAForm = postJson("/api/v1/recipes?name=check.form", "{\"title\":\"no id\"}");
    ResponseEntity<String> deployedForm = postJson("/api/v1/recipes?name=quality-check.form", form);
    ResponseEntity<String> linked = postXml("/api/v1/recipes?name=product-detection.bpmn",
        withForm.apply("<zeebe:formDefinition formId=\"quality-check-form\" />"));
    ResponseEntity<String> customKey = postXml("/api/v1/recipes?name=product-detection.bpmn",
        withForm.apply("<zeebe:formDefinition formKey=\"my-app:check\" />"));
    ResponseEntity<String> embeddedMissing = postXml("/api/v1/recipes?name=product-detection.bpmn",
        withForm.apply("<zeebe:formDefinition formKey=\"camunda-forms:bpmn:NoSuchForm\" />"));
    ResponseEntity<String> restored = postXml("/api/v1/recipes?name=product-detection.bpmn", shipped);

    // then
    assertThat(unknownForm.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(unknownForm).path("errors").findValuesAsText("message")).anyMatch(message ->
        message.contains("user task 'OperatorChecksTask' links form 'quality-check-form', which Loupe has not deployed"));
    assertThat(notAForm.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(notAForm).path("errors").findValuesAsText("field")).containsOnly("form");
    assertThat(read(notAForm).path("errors").findValuesAsText("message"))
        .contains("a Camunda form has a text 'id', which user tasks link it by", "a Camunda form has a 'components' list");
    assertThat(deployedForm.getStatusCode()).as(deployedForm.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(read(deployedForm).path("formId").asText()).isEqualTo("quality-check-form");
    assertThat(linked.getStatusCode()).as(linked.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(customKey.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(customKey).path("errors").findValuesAsText("message"))
        .anyMatch(message -> message.contains("custom form key 'my-app:check', which no screen shows"));
    assertThat(read(embeddedMissing).path("errors").findValuesAsText("message"))
        .anyMatch(message -> message.contains("embedded form 'camunda-forms:bpmn:NoSuchForm', which this file does not hold"));
    assertThat(restored.getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  private ResponseEntity<String> postJson(String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }

  private ResponseEntity<String> postXml(String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_XML);
    return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }

  @Test
  void shouldServeTheOpenApiDescriptionOfTheRestApi() throws Exception {
    JsonNode api = read(http.getForEntity("/v3/api-docs", String.class));

    assertThat(api.path("paths").has("/api/v1/tasks")).isTrue();
    assertThat(api.path("paths").has("/api/v1/sessions/{sessionId}/finish")).isTrue();
    assertThat(api.path("paths").has("/api/v1/models/{classGroupKey}")).isTrue();
  }

  private void assertBadRequestNaming(ResponseEntity<String> response, String field) throws IOException {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(read(response).path("errors").findValuesAsText("field")).as(response.getBody()).contains(field);
  }

  private String taskBody(String classGroupKey) {
    return """
        {"type":"product-detection",
         "classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola 330ml"},{"id":"water","name":"Water 1l"}]},
         "images":["https://images.example/shelf-1.jpg"],
         "callbackUrl":"http://127.0.0.1:%d/callback"}"""
        .formatted(classGroupKey, client.port());
  }

  private ResponseEntity<String> createTask(String idempotencyKey, String body) {
    return post("/api/v1/tasks", body, idempotencyKey);
  }

  private ResponseEntity<String> post(String path, String body, String idempotencyKey) {
    return JsonRequests.post(http, path, body, idempotencyKey);
  }

  private List<String> inboxTaskIds() throws IOException {
    return read(http.getForEntity("/api/v1/inbox", String.class)).findValuesAsText("id");
  }

  private List<JsonNode> kafkaMessagesOf(String streamId, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaServers,
        ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + streamId,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<JsonNode> messages = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of("loupe.events.task"));
      await().atMost(PATIENCE).until(() -> {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key().equals(streamId)) {
            messages.add(json.readTree(record.value()));
          }
        }
        return messages.size() >= expected;
      });
    }
    return messages;
  }

  private JsonNode read(ResponseEntity<String> response) throws IOException {
    return json.readTree(response.getBody());
  }
}
