package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.journal.EventJournal;
import dev.loupe.readmodels.tasks.TaskSearch;
import dev.loupe.readmodels.tasks.TaskSort;
import dev.loupe.readmodels.tasks.TaskViews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The task manager's list through the REST API, on the real read model: filters (model, finish time, attention with
 * incidents), counts per status, an order with a cursor that goes through every match once, its CSV export, and an
 * incident a recipe's job raises when its last try fails.
 */
@LoupeIntegrationTest
class TaskManagerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private EventJournal journal;
  @Autowired private TaskViews views;
  @LocalServerPort private int port;
  private JournaledTasks journaled;
  private final Map<String, Long> written = new HashMap<>();

  @BeforeEach
  void journaledTasks() {
    journaled = new JournaledTasks(journal, "test:task-manager");
  }

  @Test
  void shouldPageThroughEveryMatchOnceInTheAskedOrderWithTheCursor() throws Exception {
    // given: seven tasks escalated 1 to 7 times
    String group = "tm-" + UUID.randomUUID();
    List<String> byPriority = escalated(group, 7);

    // when
    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String next = null;
    do {
      JsonNode page = list("classGroupKey=" + group + "&sort=priority,desc&size=3"
          + (next == null ? "" : "&after=" + next));
      seen.addAll(idsOf(page));
      pageSizes.add(page.path("items").size());
      next = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
    } while (next != null && pageSizes.size() < 10);

    // then
    assertThat(seen).as("every task once, highest priority first").containsExactlyElementsOf(byPriority);
    assertThat(pageSizes).containsExactly(3, 3, 1);
    assertThat(idsOf(list("classGroupKey=" + group + "&sort=priority,desc&size=3&page=1")))
        .as("a page number still works").containsExactlyElementsOf(byPriority.subList(3, 6));
    assertThat(idsOf(list("classGroupKey=" + group + "&sort=priority&size=2")))
        .containsExactly(byPriority.get(6), byPriority.get(5));
  }

  @Test
  void shouldAnswerABadOrderCursorOrPageWithA400NamingTheParameter() throws Exception {
    // given
    String group = "tm-" + UUID.randomUUID();
    task(group, "{}");
    task(group, "{}");
    awaitProjected(group);
    String byPriority = list("classGroupKey=" + group + "&sort=priority,desc&size=1").path("next").asText();

    // when / then
    assertBadRequestNaming(get("/api/v1/tasks?sort=clientId"), "sort");
    assertBadRequestNaming(get("/api/v1/tasks?sort=createdAt,sideways"), "sort");
    assertBadRequestNaming(get("/api/v1/tasks?after=not-a-cursor"), "after");
    assertBadRequestNaming(get("/api/v1/tasks?sort=createdAt,desc&after=" + byPriority), "after");
    assertBadRequestNaming(get("/api/v1/tasks?sort=priority,desc&page=1&after=" + byPriority), "page");
    ResponseEntity<String> tooDeep = get("/api/v1/tasks?page=50&size=200");
    assertBadRequestNaming(tooDeep, "page");
    assertThat(tooDeep.getBody()).contains("after");
    assertBadRequestNaming(get("/api/v1/tasks?finishedFrom=yesterday"), "finishedFrom");
  }

  @Test
  void shouldFilterByModelFinishTimeAndAttentionAndCountEveryStatusWhateverTheStatusFilter() throws Exception {
    // given
    String group = "tm-" + UUID.randomUUID();
    String model = "detector-" + group;
    String firstVersion = task(group, "{\"classGroupKey\":\"g\",\"model\":{\"name\":\"" + model + "\",\"version\":\"1\"}}");
    String secondVersion = task(group, "{\"classGroupKey\":\"g\",\"model\":{\"name\":\"" + model + "\",\"version\":\"2\"}}");
    Instant beforeFinish = Instant.now().minusSeconds(1);
    String cancelled = task(group, "{}", event("TaskCancelled", "{\"reason\":\"not needed\"}"));
    Instant afterFinish = Instant.now().plusSeconds(1);
    String withIncident = task(group, "{}", event("IncidentRaised", """
        {"jobType":"loupe.detect-objects","elementId":"DetectObjectsTask","jobKey":42,"error":"IOException"}"""));
    String escalated = task(group, "{}", event("AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}"),
        event("TaskEscalated", "{\"priority\":1}"));
    awaitProjected(group);
    String inGroup = "classGroupKey=" + group;

    // when / then
    assertThat(ids(inGroup + "&model=" + model)).containsExactlyInAnyOrder(firstVersion, secondVersion);
    assertThat(ids(inGroup + "&model=" + model + "&modelVersion=2")).containsExactly(secondVersion);
    assertThat(ids(inGroup + "&finishedFrom=" + beforeFinish + "&finishedTo=" + afterFinish))
        .containsExactly(cancelled);
    assertThat(ids(inGroup + "&attention=true")).containsExactlyInAnyOrder(withIncident, escalated);
    JsonNode onlyCancelled = list(inGroup + "&status=CANCELLED");
    assertThat(idsOf(onlyCancelled)).containsExactly(cancelled);
    assertThat(onlyCancelled.path("total").asLong()).isEqualTo(1);
    assertThat(onlyCancelled.path("statuses").path("DETECTION_REQUESTED").asLong()).isEqualTo(3);
    assertThat(onlyCancelled.path("statuses").path("CANCELLED").asLong()).isEqualTo(1);
    assertThat(onlyCancelled.path("statuses").path("WAITING_FOR_OPERATOR").asLong()).isEqualTo(1);
    JsonNode incident = json.readTree(get("/api/v1/tasks/" + withIncident).getBody()).path("incident");
    assertThat(incident.path("elementId").asText()).isEqualTo("DetectObjectsTask");
    assertThat(json.readTree(get("/api/v1/tasks/" + cancelled).getBody()).path("finishedAt").asText()).isNotBlank();
  }

  @Test
  void shouldExportTheFilteredListAsCsvAndReadItPageByPageAfterTheCursor() throws Exception {
    // given
    String group = "tm-" + UUID.randomUUID();
    List<String> byPriority = escalated(group, 5);

    // when
    ResponseEntity<String> csv = get("/api/v1/tasks.csv?classGroupKey=" + group + "&sort=priority,desc");
    List<String> pagedByTwo = new ArrayList<>();
    views.forEach(new TaskSearch(null, null, null, group, null, null, null, null, null, null, null, false),
        TaskSort.parse("priority,desc"), 2, view -> pagedByTwo.add(view.id()));

    // then
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
    assertThat(csv.getBody().lines().findFirst().orElseThrow())
        .startsWith("id,type,status,clientId,classGroup,model,modelVersion,recipe");
    List<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader()).<Map<String, String>>readValues(csv.getBody()).readAll();
    assertThat(rows).extracting(row -> row.get("id")).containsExactlyElementsOf(byPriority);
    assertThat(rows).extracting(row -> row.get("priority")).containsExactly("5", "4", "3", "2", "1");
    assertThat(rows).extracting(row -> row.get("classGroup")).containsOnly(group);
    assertThat(pagedByTwo).containsExactlyElementsOf(byPriority);
  }

  @Test
  void shouldRecordTheRecipeRunAndTheIncidentOfAJobWhoseLastTryFailedAndListItAsNeedingAttention()
      throws Exception {
    // given: a task whose callback is Loupe itself, which the outbound policy refuses for good
    String group = "tm-" + UUID.randomUUID();
    String taskId = json.readTree(JsonRequests.post(http, "/api/v1/tasks", """
        {"type":"product-detection","classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola"}]},
         "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:%d/callback"}"""
        .formatted(group, port), "tm-" + group).getBody()).path("id").asText();
    await().atMost(PATIENCE).until(() -> "WAITING_FOR_OPERATOR".equals(view(taskId).path("status").asText()));
    String session = json.readTree(JsonRequests.post(http, "/api/v1/inbox/" + taskId + "/claim", null, null)
        .getBody()).path("sessionId").asText();

    // when
    JsonRequests.post(http, "/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}", null);

    // then
    JsonNode stuck = await().atMost(PATIENCE).until(() -> view(taskId), task -> task.path("incident").isObject());
    assertThat(stuck.path("status").asText()).isEqualTo("DELIVERY_FAILED");
    assertThat(stuck.path("incident").path("elementId").asText()).isEqualTo("ReportResultTask");
    assertThat(stuck.path("incident").path("jobType").asText()).isEqualTo("loupe.report-result");
    assertThat(stuck.path("recipe").path("processId").asText()).isEqualTo("product-detection");
    assertThat(stuck.path("recipe").path("processVersion").asInt()).isPositive();
    await().atMost(PATIENCE).until(() -> ids("classGroupKey=" + group + "&attention=true").contains(taskId));
    assertThat(json.readTree(get("/api/v1/tasks/" + taskId + "/events").getBody()).findValuesAsText("type"))
        .containsSubsequence("TaskCreated", "RecipeRunStarted", "DetectionRequested", "CallbackDeliveryFailed",
            "IncidentRaised")
        .containsOnlyOnce("IncidentRaised");
  }

  /** Tasks of the class group escalated 1 to {@code count} times, once listed; their ids, highest priority first. */
  private List<String> escalated(String group, int count) {
    List<String> byPriority = new ArrayList<>();
    for (int priority = 1; priority <= count; priority++) {
      byPriority.addFirst(task(group, "{}", event("TaskEscalated", "{\"priority\":" + priority + "}")));
    }
    awaitProjected(group);
    return byPriority;
  }

  /** A journaled task; {@link #awaitProjected} waits for its view to hold all of its events. */
  private String task(String group, String detection, JournaledTasks.Then... more) {
    String taskId = journaled.create(group, detection, more);
    written.put(taskId, 1L + more.length);
    return taskId;
  }

  /**
   * Waits until the read model holds every task this test journaled at its last version, and a search finds each at
   * that version (a document found by id can be newer than what a search sees until the index refreshes).
   */
  private void awaitProjected(String group) {
    await().atMost(PATIENCE).until(() -> {
      JsonNode listed = list("classGroupKey=" + group + "&size=200");
      Map<String, Long> versions = new HashMap<>();
      listed.path("items").forEach(item -> versions.put(item.path("id").asText(), item.path("version").asLong()));
      return versions.equals(written);
    });
  }

  private static JournaledTasks.Then event(String type, String payload) {
    return new JournaledTasks.Then(type, payload);
  }

  private JsonNode list(String query) throws Exception {
    ResponseEntity<String> answer = get("/api/v1/tasks?" + query);
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(answer.getBody());
  }

  private Set<String> ids(String query) throws Exception {
    return new LinkedHashSet<>(idsOf(list(query)));
  }

  private static List<String> idsOf(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  private JsonNode view(String taskId) throws Exception {
    return json.readTree(get("/api/v1/tasks/" + taskId).getBody());
  }

  private ResponseEntity<String> get(String path) {
    return http.getForEntity(path, String.class);
  }

  private void assertBadRequestNaming(ResponseEntity<String> answer, String field) throws Exception {
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(json.readTree(answer.getBody()).path("errors").findValuesAsText("field")).contains(field);
  }
}
