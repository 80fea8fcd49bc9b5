package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.task.TaskRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The task manager's bulk commands through the REST API: each task gets its own outcome, repeating a bulk command
 * changes nothing and says so, and a client's key never reaches another client's task.
 */
@LoupeIntegrationTest
class TaskCommandsIT {

  private static final JournaledTasks.Then RESULT = new JournaledTasks.Then("TaskResultGenerated",
      "{\"objects\":[],\"readings\":[]}");
  private static final JournaledTasks.Then REPORTED = new JournaledTasks.Then("TaskReported", "{\"httpStatus\":204}");

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private EventJournal journal;
  @Autowired private TaskRepository tasks;
  private JournaledTasks journaled;
  private String group;

  @BeforeEach
  void journaledTasks() {
    journaled = new JournaledTasks(journal, "test:task-commands");
    group = "bulk-" + UUID.randomUUID();
  }

  @Test
  void shouldCancelEachTaskOnceAndAnswerARepeatedBulkCancelWithAlreadyAndNotFoundForAnUnknownTask()
      throws Exception {
    // given
    String first = journaled.create(group);
    String second = journaled.create(group);
    String unknown = UUID.randomUUID().toString();
    String done = journaled.create(group, "{}", RESULT, REPORTED);
    String body = bulk(List.of(first, second, unknown, done, first), "closing the shelf");

    // when
    JsonNode once = json.readTree(post("/api/v1/tasks/bulk/cancel", body).getBody());
    JsonNode again = json.readTree(post("/api/v1/tasks/bulk/cancel", body).getBody());

    // then
    assertThat(results(once)).containsExactly(Map.entry(first, "DONE"), Map.entry(second, "DONE"),
        Map.entry(unknown, "NOT_FOUND"), Map.entry(done, "REFUSED"));
    assertThat(results(again)).containsExactly(Map.entry(first, "ALREADY"), Map.entry(second, "ALREADY"),
        Map.entry(unknown, "NOT_FOUND"), Map.entry(done, "REFUSED"));
    assertThat(once.path("counts").path("DONE").asInt()).isEqualTo(2);
    assertThat(again.path("counts").path("ALREADY").asInt()).isEqualTo(2);
    assertThat(once.path("outcomes").get(3).path("message").asText()).contains("already DONE");
    assertThat(eventTypes(first)).containsOnlyOnce("TaskCancelled");
    assertThat(eventTypes(done)).doesNotContain("TaskCancelled");
  }

  @Test
  void shouldReprocessEachFinishedTaskOnceAndRefuseOneThatIsNotFinished() throws Exception {
    // given
    String done = journaled.create(group, "{}", RESULT, REPORTED);
    String unfinished = journaled.create(group);
    String body = bulk(List.of(done, unfinished), null);

    // when
    JsonNode once = json.readTree(post("/api/v1/tasks/bulk/reprocess", body).getBody());
    JsonNode again = json.readTree(post("/api/v1/tasks/bulk/reprocess", body).getBody());

    // then
    assertThat(results(once)).containsExactly(Map.entry(done, "DONE"), Map.entry(unfinished, "REFUSED"));
    assertThat(results(again)).containsExactly(Map.entry(done, "ALREADY"), Map.entry(unfinished, "REFUSED"));
    assertThat(eventTypes(done)).containsOnlyOnce("TaskReprocessRequested");
  }

  @Test
  void shouldResendEachDoneTaskToTheOperatorsOnceAndSayItIsAlreadyThereWhenAskedAgain() throws Exception {
    // given
    String done = journaled.create(group, "{}", RESULT, REPORTED);
    String body = bulk(List.of(done), "check the prices");

    // when
    JsonNode once = json.readTree(post("/api/v1/tasks/bulk/resend-to-operator", body).getBody());
    JsonNode again = json.readTree(post("/api/v1/tasks/bulk/resend-to-operator", body).getBody());

    // then
    assertThat(results(once)).containsExactly(Map.entry(done, "DONE"));
    assertThat(once.path("outcomes").get(0).path("status").asText()).isEqualTo("WAITING_FOR_OPERATOR");
    assertThat(results(again)).containsExactly(Map.entry(done, "ALREADY"));
    assertThat(eventTypes(done)).containsOnlyOnce("TaskResentToOperator");
  }

  @Test
  void shouldRefuseAnEmptyOrTooLongListOfTasksWithA400NamingTaskIds() throws Exception {
    // given
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(UUID.randomUUID().toString());
    }

    // when / then
    for (String body : List.of(bulk(tooMany, null), bulk(List.of(), null), "{}")) {
      ResponseEntity<String> refused = post("/api/v1/tasks/bulk/cancel", body);
      assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(json.readTree(refused.getBody()).path("errors").findValuesAsText("field")).contains("taskIds");
    }
  }

  @Test
  void shouldAnswerNotFoundForAnotherClientsTaskAndLeaveIt() throws Exception {
    // given: client A's task, and client B's key
    String owner = client("owner");
    String other = client("other");
    String taskId = UUID.randomUUID().toString();
    journal.append("task-" + taskId, ExpectedVersion.NO_STREAM, List.of(new NewEvent(UUID.randomUUID(), "TaskCreated", 1,
        Instant.now(), """
            {"taskId":"%s","type":"product-detection","classGroup":{"key":"%s","classes":[]},
             "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback","clientId":"%s"}"""
            .formatted(taskId, group, owner), new EventMetadata(taskId, null, "test:task-commands"))));

    // when
    JsonNode answer = json.readTree(JsonRequests.postAs(apiKeys.get(other), http, "/api/v1/tasks/bulk/cancel",
        bulk(List.of(taskId), "not mine"), null).getBody());

    // then
    assertThat(results(answer)).containsExactly(Map.entry(taskId, "NOT_FOUND"));
    assertThat(eventTypes(taskId)).containsExactly("TaskCreated");
  }

  private final Map<String, String> apiKeys = new LinkedHashMap<>();

  /** Registers a client; its id (its API key in {@link #apiKeys}). */
  private String client(String name) throws Exception {
    String id = "bulk-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode registered = json.readTree(JsonRequests.post(http, "/api/v1/clients",
        "{\"id\":\"%s\",\"name\":\"%s\"}".formatted(id, name), null).getBody());
    apiKeys.put(id, registered.path("apiKey").asText());
    return id;
  }

  private String bulk(List<String> taskIds, String reason) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("taskIds", taskIds);
    if (reason != null) {
      body.put("reason", reason);
    }
    return json.writeValueAsString(body);
  }

  private ResponseEntity<String> post(String path, String body) {
    return JsonRequests.post(http, path, body, null);
  }

  private static List<Map.Entry<String, String>> results(JsonNode answer) {
    List<Map.Entry<String, String>> results = new ArrayList<>();
    answer.path("outcomes").forEach(outcome ->
        results.add(Map.entry(outcome.path("taskId").asText(), outcome.path("result").asText())));
    return results;
  }

  private List<String> eventTypes(String taskId) {
    return tasks.history(taskId).stream().map(event -> event.type()).toList();
  }
}
