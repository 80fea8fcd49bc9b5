package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The demand through every real server (ADR 0025): tasks waiting for an operator are queued for their task type,
 * a claimed one is in process, the team's people are the capacity, and the gauges the sampler exports say what
 * {@code GET /api/v1/demand} says; a result report waiting for a slow client is a job this instance holds. Tests turn the Prometheus registry off, so the gauges are read at
 * {@code /actuator/metrics}, the same meters.
 */
@LoupeIntegrationTest
class DemandIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String TYPE = "price-tag-reading";
  private static final int TASKS = 3;

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @Test
  void shouldCountWaitingTasksAsQueuedAClaimedOneAsInProcessAndExportTheSameFiguresAsGauges() throws Exception {
    // given: a team of two operators given price-tag reading, and what the demand was before its tasks
    String ops = People.token(http, "demand-ops", "ops");
    String operator = People.token(http, "demand-op-1", "operator");
    People.token(http, "demand-op-2", "operator");
    JsonNode before = taskFigures(ops);
    People.inTeamFor(http, "demand-" + UUID.randomUUID().toString().substring(0, 8), TYPE, "demand-op-1",
        "demand-op-2");
    String classGroup = "demand-" + UUID.randomUUID().toString().substring(0, 8);

    // when: three tasks go to the operators (no model reads these tags)
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      tasks.add(read(JsonRequests.post(http, "/api/v1/tasks", """
          {"type":"%s","classGroup":{"key":"%s","classes":[{"id":"tag","name":"Tag"}]},
           "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}"""
          .formatted(TYPE, classGroup), classGroup + "-" + i)).path("id").asText());
    }

    // then: they are queued, and the team's two people are capacity to spare
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode now = taskFigures(ops);
      assertThat(now.path("queued").asLong()).isEqualTo(before.path("queued").asLong() + TASKS);
      assertThat(now.path("inProcess").asLong()).isEqualTo(before.path("inProcess").asLong());
      assertThat(now.path("capacity").asLong()).isEqualTo(before.path("capacity").asLong() + 2);
    });

    // when: an operator claims one
    await().atMost(PATIENCE).until(() -> read(JsonRequests.getAs(operator, http, "/api/v1/inbox"))
        .findValuesAsText("id").contains(tasks.getFirst()));
    assertThat(JsonRequests.postAs(operator, http, "/api/v1/inbox/" + tasks.getFirst() + "/claim", null, null)
        .getStatusCode()).isEqualTo(HttpStatus.OK);

    // then: one fewer queued, one in process, one fewer person to spare
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode now = taskFigures(ops);
      assertThat(now.path("queued").asLong()).isEqualTo(before.path("queued").asLong() + TASKS - 1);
      assertThat(now.path("inProcess").asLong()).isEqualTo(before.path("inProcess").asLong() + 1);
      assertThat(now.path("spare").asLong())
          .isEqualTo(Math.max(0, now.path("capacity").asLong() - now.path("inProcess").asLong()));
    });

    // and: the gauges of the task type, and of every job type's worker, say what the endpoint says
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode demand = read(JsonRequests.getAs(ops, http, "/api/v1/demand"));
      JsonNode gauges = gaugesOf(ops, "task", TYPE);
      assertThat(gauges).isEqualTo(figuresOnly(of(demand.path("tasks"), TYPE)));
      for (JsonNode job : demand.path("jobs")) {
        assertThat(gaugesOf(ops, "job", job.path("type").asText())).as(job.path("type").asText())
            .isEqualTo(figuresOnly(job));
      }
    });
    JsonNode jobs = read(JsonRequests.getAs(ops, http, "/api/v1/demand")).path("jobs");
    assertThat(of(jobs, "loupe.read-tags").path("capacity").asLong()).as("the read-tags worker's max jobs active")
        .isPositive();
    assertThat(read(JsonRequests.getAs(ops, http,
        "/actuator/metrics/camunda.client.worker.job?tag=action:activated&tag=type:loupe.resolve-model"))
        .path("measurements").get(0).path("value").asDouble())
        .as("the client's count of activated jobs, which in process is taken from").isGreaterThanOrEqualTo(TASKS);
  }

  @Test
  void shouldCountAReportInProcessWhileItsWorkerWaitsForTheClientsCallback() throws Exception {
    // given: a client whose callback answers only when the test lets it
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    HttpServer client = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    client.createContext("/callback", exchange -> {
      arrived.countDown();
      try {
        answer.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    client.start();
    String ops = People.token(http, "demand-ops", "ops");
    try {
      String classGroup = "demand-report-" + UUID.randomUUID().toString().substring(0, 8);
      String task = read(JsonRequests.post(http, "/api/v1/tasks", """
          {"type":"product-detection","classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola"}]},
           "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:%d/callback"}"""
          .formatted(classGroup, client.getAddress().getPort()), classGroup)).path("id").asText();
      await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/tasks/" + task, String.class))
          .path("status").asText().equals("WAITING_FOR_OPERATOR"));
      String session = read(JsonRequests.post(http, "/api/v1/inbox/" + task + "/claim", null, null))
          .path("sessionId").asText();

      // when: the session finishes, the result is generated and its report waits for the client's answer
      assertThat(JsonRequests.post(http, "/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}", null)
          .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      await().atMost(PATIENCE).until(() -> arrived.getCount() == 0);

      // then: this instance's report-result worker holds the job, which the journal says is due
      await().atMost(PATIENCE).untilAsserted(() -> {
        JsonNode report = of(read(JsonRequests.getAs(ops, http, "/api/v1/demand")).path("jobs"), "loupe.report-result");
        assertThat(report.path("inProcess").asLong()).as("held by this instance's worker").isPositive();
        assertThat(report.path("spare").asLong())
            .isEqualTo(report.path("capacity").asLong() - report.path("inProcess").asLong());
      });
    } finally {
      answer.countDown();
      client.stop(0);
    }
  }

  @Test
  void shouldListTheDemandInTheOpenApiDocumentForOpsOnly() throws Exception {
    String operator = People.token(http, "demand-not-ops", "operator");

    assertThat(read(http.getForEntity("/v3/api-docs", String.class)).path("paths").has("/api/v1/demand")).isTrue();
    assertThat(JsonRequests.getAs(operator, http, "/api/v1/demand").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  private JsonNode taskFigures(String ops) throws Exception {
    return of(read(JsonRequests.getAs(ops, http, "/api/v1/demand")).path("tasks"), TYPE);
  }

  /** The four gauges of a kind and type, as the figures' JSON. */
  private JsonNode gaugesOf(String ops, String kind, String type) throws Exception {
    var figures = json.createObjectNode();
    for (String[] gauge : new String[][] {{"queued", "loupe.demand.queued"}, {"inProcess", "loupe.demand.in.process"},
        {"capacity", "loupe.demand.capacity"}, {"spare", "loupe.demand.spare"}}) {
      JsonNode metric = read(JsonRequests.getAs(ops, http,
          "/actuator/metrics/%s?tag=kind:%s&tag=type:%s".formatted(gauge[1], kind, type)));
      figures.put(gauge[0], metric.path("measurements").get(0).path("value").asLong());
    }
    return figures;
  }

  private JsonNode figuresOnly(JsonNode figures) {
    return json.createObjectNode()
        .put("queued", figures.path("queued").asLong())
        .put("inProcess", figures.path("inProcess").asLong())
        .put("capacity", figures.path("capacity").asLong())
        .put("spare", figures.path("spare").asLong());
  }

  private static JsonNode of(JsonNode figures, String type) {
    Map<String, JsonNode> byType = new HashMap<>();
    figures.forEach(figure -> byType.put(figure.path("type").asText(), figure));
    assertThat(byType).as("figures per type").containsKey(type);
    return byType.get(type);
  }

  private JsonNode read(ResponseEntity<String> response) throws Exception {
    return json.readTree(response.getBody() == null ? "{}" : response.getBody());
  }
}
