package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An operator declares a task's image unusable through every real server: the session closes, the recipe reports the
 * rejection with the operator's reason to the client's callback, and the task manager shows the task REJECTED with
 * it; bad verdicts, someone else's session and a closed one are refused with a problem naming why.
 */
@LoupeIntegrationTest
class ImageUnusableIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static CallbackReceiver client;

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @BeforeAll
  static void receiveCallbacks() throws Exception {
    client = CallbackReceiver.start();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  void shouldTellTheClientTheTaskIsRejectedWithTheOperatorsReasonAndShowItRejected() throws Exception {
    // given: a task without a model, claimed by an operator of its team
    String classGroup = "unusable-" + UUID.randomUUID().toString().substring(0, 8);
    String ayse = People.token(http, classGroup + "-ayse", "operator");
    team(classGroup, classGroup + "-ayse");
    String task = waitingTask(classGroup, ayse);
    String session = claim(ayse, task);

    // when: the operator says the second image is blurred, then says it again
    ResponseEntity<String> declared = JsonRequests.postAs(ayse, http, "/api/v1/sessions/" + session + "/unusable",
        "{\"imageIndex\":1,\"reason\":\"BLURRED\",\"note\":\"motion blur\"}", null);
    ResponseEntity<String> again = JsonRequests.postAs(ayse, http, "/api/v1/sessions/" + session + "/unusable",
        "{\"imageIndex\":1,\"reason\":\"BLURRED\",\"note\":\"motion blur\"}", null);

    // then: the client is told REJECTED with the image, the problem and the reason; the task view shows it
    assertThat(declared.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read(declared).path("status").asText()).isEqualTo("REJECTED");
    assertThat(again.getStatusCode()).as("again changes nothing").isEqualTo(HttpStatus.OK);
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> client.callbackFor(task), body -> body != null));
    assertThat(callback.path("status").asText()).isEqualTo("REJECTED");
    assertThat(callback.has("result")).isFalse();
    JsonNode rejection = callback.path("rejection");
    assertThat(rejection.path("imageIndex").asInt()).isEqualTo(1);
    assertThat(rejection.path("image").asText()).endsWith("/2.png");
    assertThat(rejection.path("problem").asText()).isEqualTo("is too blurred to use");
    assertThat(rejection.path("reason").asText()).isEqualTo("BLURRED");
    assertThat(rejection.path("note").asText()).isEqualTo("motion blur");
    JsonNode view = await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/tasks/" + task, String.class)),
        found -> found.path("finishedAt").isTextual());
    assertThat(view.path("status").asText()).isEqualTo("REJECTED");
    assertThat(view.path("rejection").path("reason").asText()).isEqualTo("BLURRED");
    assertThat(read(http.getForEntity("/api/v1/tasks/" + task + "/events", String.class)).findValuesAsText("type"))
        .containsOnlyOnce("ImageDeclaredUnusable")
        .doesNotContain("OperatorFinished", "TaskResultGenerated")
        .last().isEqualTo("TaskReported");
  }

  @Test
  void shouldRefuseABadVerdictAnotherOperatorsSessionAndAClosedSessionLosingNothing() throws Exception {
    // given: a task claimed by one of two operators of a team
    String classGroup = "unusable-" + UUID.randomUUID().toString().substring(0, 8);
    String ayse = People.token(http, classGroup + "-ayse", "operator");
    String bora = People.token(http, classGroup + "-bora", "operator");
    team(classGroup, classGroup + "-ayse", classGroup + "-bora");
    String task = waitingTask(classGroup, ayse);
    String session = claim(ayse, task);
    String unusable = "/api/v1/sessions/" + session + "/unusable";

    // when
    ResponseEntity<String> unknownReason = JsonRequests.postAs(ayse, http, unusable,
        "{\"imageIndex\":0,\"reason\":\"UGLY\"}", null);
    ResponseEntity<String> otherWithoutNote = JsonRequests.postAs(ayse, http, unusable,
        "{\"imageIndex\":0,\"reason\":\"OTHER\"}", null);
    ResponseEntity<String> noSuchImage = JsonRequests.postAs(ayse, http, unusable,
        "{\"imageIndex\":5,\"reason\":\"DARK\"}", null);
    ResponseEntity<String> someoneElses = JsonRequests.postAs(bora, http, unusable,
        "{\"imageIndex\":0,\"reason\":\"DARK\"}", null);
    ResponseEntity<String> finished = JsonRequests.postAs(ayse, http, "/api/v1/sessions/" + session + "/finish",
        "{\"objects\":[]}", null);
    ResponseEntity<String> closed = JsonRequests.postAs(ayse, http, unusable,
        "{\"imageIndex\":0,\"reason\":\"DARK\"}", null);

    // then
    assertProblem(unknownReason, HttpStatus.BAD_REQUEST, "reason");
    assertProblem(otherWithoutNote, HttpStatus.BAD_REQUEST, "note");
    assertProblem(noSuchImage, HttpStatus.BAD_REQUEST, "imageIndex");
    assertThat(someoneElses.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(finished.getStatusCode()).as("the refused verdicts left the session open").isEqualTo(HttpStatus.ACCEPTED);
    assertThat(closed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(closed.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(read(http.getForEntity("/api/v1/tasks/" + task + "/events", String.class)).findValuesAsText("type"))
        .doesNotContain("ImageDeclaredUnusable");
  }

  private void assertProblem(ResponseEntity<String> answer, HttpStatus status, String field) throws Exception {
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(status);
    assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(read(answer).path("errors").findValuesAsText("field")).contains(field);
  }

  private void team(String classGroup, String... members) {
    JsonRequests.put(http, "/api/v1/teams/" + classGroup, "{\"classGroups\":[\"%s\"],\"members\":[%s]}"
        .formatted(classGroup, String.join(",", java.util.Arrays.stream(members).map(m -> "\"" + m + "\"").toList())));
  }

  /** A product-detection task of the class group (no model: an operator annotates), waiting in the inbox. */
  private String waitingTask(String classGroup, String operator) throws Exception {
    String task = read(JsonRequests.post(http, "/api/v1/tasks", """
        {"type":"product-detection","classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola"}]},
         "images":["http://127.0.0.1:%d/1.png","http://127.0.0.1:%d/2.png"],
         "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(classGroup, client.port(), client.port(),
        client.port()), UUID.randomUUID().toString())).path("id").asText();
    await().atMost(PATIENCE).until(() -> read(JsonRequests.getAs(operator, http, "/api/v1/inbox?classGroupKey="
        + classGroup)).findValuesAsText("id").contains(task));
    return task;
  }

  private String claim(String operator, String task) throws Exception {
    return read(JsonRequests.postAs(operator, http, "/api/v1/inbox/" + task + "/claim", null, null))
        .path("sessionId").asText();
  }

  private JsonNode read(ResponseEntity<String> response) throws Exception {
    return json.readTree(response.getBody() == null ? "{}" : response.getBody());
  }
}
