package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The inbox through every real server: paged and filtered, then "next task for me": operators competing for the
 * tasks of their team each get one in one request, exactly one operator per task, with no 409 and no empty answer
 * while tasks wait; then the inbox is empty for them and its counts say so, and the task manager lists each
 * operator's own work and counts the tasks per status.
 */
@LoupeIntegrationTest
class InboxNextIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final int OPERATORS = 4;
  private static final int TASKS_EACH = 3;

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @Test
  void shouldPageAndFilterTheInboxGiveCompetingOperatorsDifferentTasksAndListEachOnesWork() throws Exception {
    // given: a team given one class group, and its tasks waiting
    String classGroup = "next-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> tokens = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (int i = 0; i < OPERATORS; i++) {
      members.add("next-op-" + i);
      tokens.add(People.token(http, "next-op-" + i, "operator"));
    }
    JsonRequests.put(http, "/api/v1/teams/" + classGroup, "{\"classGroups\":[\"%s\"],\"members\":[%s]}"
        .formatted(classGroup, String.join(",", members.stream().map(name -> "\"" + name + "\"").toList())));
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < OPERATORS * TASKS_EACH; i++) {
      tasks.add(read(JsonRequests.post(http, "/api/v1/tasks", """
          {"type":"product-detection","classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola"}]},
           "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}"""
          .formatted(classGroup), classGroup + "-" + i)).path("id").asText());
    }
    await().atMost(PATIENCE).until(() -> read(JsonRequests.getAs(tokens.getFirst(), http, "/api/v1/inbox"))
        .findValuesAsText("id").containsAll(tasks));
    List<String> secondPage = new ArrayList<>();
    read(JsonRequests.getAs(tokens.getFirst(), http, "/api/v1/inbox?classGroupKey=" + classGroup + "&size=5&page=1"))
        .forEach(task -> secondPage.add(task.path("id").asText()));
    assertThat(secondPage).as("the second page of five").hasSize(5).isSubsetOf(tasks);
    assertThat(read(JsonRequests.getAs(tokens.getFirst(), http,
        "/api/v1/inbox?classGroupKey=" + classGroup + "&type=price-tag-reading")).size()).isZero();
    assertThat(read(JsonRequests.getAs(tokens.getFirst(), http,
        "/api/v1/inbox?classGroupKey=" + classGroup + "&olderThan=PT1H")).size()).as("none an hour old").isZero();

    // when: every operator asks for the next task as many times as there are tasks for each, all at once
    ExecutorService operators = Executors.newFixedThreadPool(OPERATORS);
    List<Future<List<ResponseEntity<String>>>> answers = new ArrayList<>();
    for (String token : tokens) {
      Callable<List<ResponseEntity<String>>> asking = () -> {
        List<ResponseEntity<String>> mine = new ArrayList<>();
        for (int i = 0; i < TASKS_EACH; i++) {
          mine.add(JsonRequests.postAs(token, http, "/api/v1/inbox/next", null, null));
        }
        return mine;
      };
      answers.add(operators.submit(asking));
    }
    List<ResponseEntity<String>> all = new ArrayList<>();
    for (Future<List<ResponseEntity<String>>> answer : answers) {
      all.addAll(answer.get());
    }
    operators.shutdown();

    // then
    assertThat(all).extracting(ResponseEntity::getStatusCode).containsOnly(HttpStatus.OK);
    List<String> claimed = new ArrayList<>();
    for (ResponseEntity<String> answer : all) {
      claimed.add(read(answer).path("taskId").asText());
    }
    assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(tasks);
    assertThat(JsonRequests.postAs(tokens.getFirst(), http, "/api/v1/inbox/next", null, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    List<String> firstOperators = new ArrayList<>();
    for (ResponseEntity<String> answer : answers.getFirst().get()) {
      firstOperators.add(read(answer).path("taskId").asText());
    }
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode mine = read(JsonRequests.getAs(tokens.getFirst(), http,
          "/api/v1/tasks?mine=true&classGroupKey=" + classGroup));
      List<String> listed = new ArrayList<>();
      mine.path("items").forEach(task -> listed.add(task.path("id").asText()));
      assertThat(listed).as("the first operator's work").containsExactlyInAnyOrderElementsOf(firstOperators);
      assertThat(read(http.getForEntity("/api/v1/tasks?classGroupKey=" + classGroup + "&status=DONE", String.class))
          .path("statuses").path("IN_PROGRESS").asLong()).as("counts per status, whatever the status filter")
          .isEqualTo(tasks.size());
    });
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(
        read(JsonRequests.getAs(tokens.getFirst(), http, "/api/v1/inbox/counts")).path("product-detection").asLong())
        .isZero());
  }


  @Test
  void shouldGiveAnOperatorWhoClaimsATaskTheyHoldTheirOpenSessionAndAnotherOperatorAConflict() throws Exception {
    // given: a task of a team's class group, claimed by one of its operators
    Claimed claimed = claimedByOneOfTwo("resume");
    String holder = claimed.holder();
    String other = claimed.other();
    String task = claimed.task();
    String session = claimed.session();

    // when: the holder claims it again (another device), and so does another operator
    ResponseEntity<String> again = JsonRequests.postAs(holder, http, "/api/v1/inbox/" + task + "/claim", null, null);
    ResponseEntity<String> someoneElse = JsonRequests.postAs(other, http, "/api/v1/inbox/" + task + "/claim", null, null);

    // then: the holder resumes the same session, which finishes; the other operator is refused
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read(again).path("sessionId").asText()).isEqualTo(session);
    assertThat(someoneElse.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(JsonRequests.postAs(holder, http, "/api/v1/sessions/" + session + "/finish",
        "{\"objects\":[]}", null).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
  }

  @Test
  void shouldPutATaskItsOperatorGivesBackInTheInboxForAnotherOperatorAndCloseTheGivenBackSession() throws Exception {
    // given: a task claimed by one operator of a team
    Claimed claimed = claimedByOneOfTwo("release");
    String holder = claimed.holder();
    String other = claimed.other();
    String task = claimed.task();
    String session = claimed.session();

    // when: the operator gives it back, twice, then another operator of the team claims it
    ResponseEntity<String> released = JsonRequests.postAs(holder, http, "/api/v1/sessions/" + session + "/release",
        null, null);
    ResponseEntity<String> again = JsonRequests.postAs(holder, http, "/api/v1/sessions/" + session + "/release",
        null, null);
    ResponseEntity<String> taken = JsonRequests.postAs(other, http, "/api/v1/inbox/" + task + "/claim", null, null);

    // then: it waited for an operator again, and the given-back session can no longer finish
    assertThat(released.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read(released).path("status").asText()).isEqualTo("WAITING_FOR_OPERATOR");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JsonRequests.postAs(holder, http, "/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}", null)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(read(http.getForEntity("/api/v1/tasks/" + task + "/events", String.class)).findValuesAsText("type"))
        .containsOnlyOnce("OperatorReleased");
  }
  @Test
  void shouldFinishAndClaimTheNextTaskInOneRequestAndStillFinishTheLastOneWhenTheInboxIsEmpty() throws Exception {
    // given: an operator whose team holds two waiting tasks, the first of them claimed
    String classGroup = "finish-next-" + UUID.randomUUID().toString().substring(0, 8);
    String ayse = People.token(http, classGroup + "-ayse", "operator");
    JsonRequests.put(http, "/api/v1/teams/" + classGroup, "{\"classGroups\":[\"%s\"],\"members\":[\"%s\"]}"
        .formatted(classGroup, classGroup + "-ayse"));
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      tasks.add(read(JsonRequests.post(http, "/api/v1/tasks", """
          {"type":"product-detection","classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola"}]},
           "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}"""
          .formatted(classGroup), classGroup + "-" + i)).path("id").asText());
    }
    await().atMost(PATIENCE).until(() -> read(JsonRequests.getAs(ayse, http, "/api/v1/inbox?classGroupKey=" + classGroup))
        .findValuesAsText("id").containsAll(tasks));
    String first = read(JsonRequests.postAs(ayse, http, "/api/v1/inbox/" + tasks.get(0) + "/claim", null, null))
        .path("sessionId").asText();

    // when: they finish it and ask for the next, then finish that one and ask again
    ResponseEntity<String> finishedFirst = JsonRequests.postAs(ayse, http, "/api/v1/sessions/" + first
        + "/finish?next=true", "{\"objects\":[]}", null);
    JsonNode next = read(finishedFirst).path("next");
    ResponseEntity<String> finishedSecond = JsonRequests.postAs(ayse, http, "/api/v1/sessions/"
        + next.path("sessionId").asText() + "/finish?next=true", "{\"objects\":[]}", null);

    // then: the first answer holds the second task's session, the last says the inbox is empty; both finishes stand
    assertThat(finishedFirst.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(read(finishedFirst).path("taskId").asText()).isEqualTo(tasks.get(0));
    assertThat(next.path("taskId").asText()).isEqualTo(tasks.get(1));
    assertThat(next.path("operatorId").asText()).isEqualTo(classGroup + "-ayse");
    assertThat(read(finishedFirst).has("noNext")).isFalse();
    assertThat(finishedSecond.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(read(finishedSecond).path("taskId").asText()).isEqualTo(tasks.get(1));
    assertThat(read(finishedSecond).has("next")).isFalse();
    assertThat(read(finishedSecond).path("noNext").asText()).isEqualTo("INBOX_EMPTY");
    for (String task : tasks) {
      assertThat(read(http.getForEntity("/api/v1/tasks/" + task + "/events", String.class)).findValuesAsText("type"))
          .as(task).containsOnlyOnce("OperatorFinished");
    }
  }

  private JsonNode read(ResponseEntity<String> response) throws Exception {
    return json.readTree(response.getBody() == null ? "{}" : response.getBody());
  }

  /** A task waiting for a team of two operators, claimed by the first: their tokens, the task, the session. */
  private record Claimed(String holder, String other, String task, String session) {}

  private Claimed claimedByOneOfTwo(String prefix) throws Exception {
    String classGroup = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String holder = People.token(http, classGroup + "-ayse", "operator");
    String other = People.token(http, classGroup + "-bora", "operator");
    JsonRequests.put(http, "/api/v1/teams/" + classGroup, "{\"classGroups\":[\"%s\"],\"members\":[\"%s\",\"%s\"]}"
        .formatted(classGroup, classGroup + "-ayse", classGroup + "-bora"));
    String task = read(JsonRequests.post(http, "/api/v1/tasks", """
        {"type":"product-detection","classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola"}]},
         "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}"""
        .formatted(classGroup), classGroup)).path("id").asText();
    await().atMost(PATIENCE).until(() -> read(JsonRequests.getAs(holder, http, "/api/v1/inbox?classGroupKey=" + classGroup))
        .findValuesAsText("id").contains(task));
    String session = read(JsonRequests.postAs(holder, http, "/api/v1/inbox/" + task + "/claim", null, null))
        .path("sessionId").asText();
    return new Claimed(holder, other, task, session);
  }
}
