package dev.loupe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.app.CallbackReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loupe as a user runs it — the local distribution's jar, every server embedded — killed with SIGKILL mid-flow and
 * started again on the same data: every task finishes, none twice. The in-memory Zeebe engine forgot its instances;
 * the journal did not.
 */
class KillAndRestartIT {

  private static final Duration START_PATIENCE = Duration.ofMinutes(4);
  private static final String ADMIN_PASSWORD = "kill-and-restart-admin";
  /** HTTP Basic as admin: a handful of requests, so the password's slow hash does not matter here. */
  private static final String ADMIN = "Basic " + Base64.getEncoder()
      .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final List<String> EXPECTED = List.of("TaskCreated", "DetectionRequested", "ModelNotFound",
      "AssistanceRequested", "OperatorAssigned", "ObjectsAdded", "OperatorFinished", "TaskResultGenerated",
      "TaskReported");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private CallbackReceiver callbacks;
  private Process loupe;
  private int port;

  @AfterEach
  void stopEverything() throws Exception {
    if (loupe != null && loupe.isAlive()) {
      loupe.destroy();
      loupe.waitFor();
    }
    if (callbacks != null) {
      callbacks.close();
    }
  }

  @Test
  void shouldFinishEveryTaskOnceAfterLoupeIsKilledMidFlow() throws Exception {
    // given: Loupe with three tasks in the inbox, one of them claimed
    callbacks = CallbackReceiver.start();
    Path data = Files.createDirectories(Path.of("target", "kill-restart-it", UUID.randomUUID().toString()));
    port = freePort();
    loupe = startLoupe(data);
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      taskIds.add(json.readTree(post("/api/v1/tasks", """
          {"type":"product-detection","classGroup":{"key":"restart","classes":[{"id":"cola","name":"Cola"}]},
           "images":["https://images.example/shelf.jpg"],
           "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(callbacks.port()),
          "restart-" + i + "-" + data.getFileName())).path("id").asText());
    }
    await().atMost(PATIENCE).until(() -> inbox().containsAll(taskIds));
    String claimedSession = json.readTree(post("/api/v1/inbox/" + taskIds.getFirst() + "/claim",
        null, null)).path("sessionId").asText();

    // when: SIGKILL, then the same command on the same data
    loupe.destroyForcibly().waitFor();
    loupe = startLoupe(data);

    // then: the claimed session finishes, the others are claimed and finished, all are reported once
    post("/api/v1/sessions/" + claimedSession + "/finish", objects());
    for (String taskId : taskIds.subList(1, taskIds.size())) {
      await().atMost(PATIENCE).until(() -> inbox().contains(taskId));
      String session = json.readTree(post("/api/v1/inbox/" + taskId + "/claim", null, null))
          .path("sessionId").asText();
      post("/api/v1/sessions/" + session + "/finish", objects());
    }
    await().atMost(PATIENCE).until(() -> taskIds.stream().allMatch(taskId -> callbacks.callbackFor(taskId) != null));
    for (String taskId : taskIds) {
      // TaskReported is appended once the callback has answered
      List<String> events = await().atMost(PATIENCE).until(() -> eventTypes(taskId), types -> types.contains("TaskReported"));
      assertThat(events.stream().filter(type -> !type.equals("RecipeRunStarted")).toList()).as("task %s", taskId)
          .isEqualTo(EXPECTED);
      assertThat(events).as("task %s: a run from the start, and one where the restart found it", taskId)
          .containsOnlyOnce("TaskCreated").filteredOn("RecipeRunStarted"::equals).hasSize(2);
    }
  }

  private List<String> eventTypes(String taskId) throws Exception {
    List<String> events = new ArrayList<>();
    json.readTree(get("/api/v1/tasks/" + taskId + "/events")).forEach(event -> events.add(event.path("type").asText()));
    return events;
  }

  private Process startLoupe(Path data) throws Exception {
    Process process = new ProcessBuilder(LocalJar.command(data, port, ADMIN_PASSWORD))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("loupe.log").toFile()))
        .start();
    await().atMost(START_PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
      assertThat(process.isAlive()).as("Loupe exited; see %s", data.resolve("loupe.log")).isTrue();
      return healthUp();
    });
    return process;
  }

  private boolean healthUp() {
    try {
      return json.readTree(get("/actuator/health")).path("status").asText().equals("UP");
    } catch (IOException | InterruptedException notYet) {
      return false;
    }
  }

  private List<String> inbox() throws Exception {
    return json.readTree(get("/api/v1/inbox")).findValuesAsText("id");
  }

  private static String objects() {
    return "{\"objects\":[{\"imageIndex\":0,\"box\":{\"x\":1,\"y\":2,\"w\":30,\"h\":40},\"classId\":\"cola\"}]}";
  }

  private String get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private String post(String path, String body) throws IOException, InterruptedException {
    return post(path, body, null);
  }

  private String post(String path, String body, String idempotencyKey) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .header("Authorization", ADMIN)
        .POST(body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
