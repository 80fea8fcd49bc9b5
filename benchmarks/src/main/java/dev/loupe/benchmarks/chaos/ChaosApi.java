package dev.loupe.benchmarks.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calls of the chaos load that {@link dev.loupe.benchmarks.e2e.LoupeApi} does not make: the admin's set-up (a
 * model for a class group, the operators' team's task types) over HTTP Basic, and price-tag reading tasks as the
 * client. Every call has a timeout; the caller gets the whole response.
 */
final class ChaosApi {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String admin;

  ChaosApi(URI base, String adminPassword) {
    this.base = base;
    this.admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The class group's tasks take the automatic path with {@code model}; {@code samplingRate} of them are checked. */
  void registerModel(String classGroupKey, String model, double samplingRate) throws IOException, InterruptedException {
    expect2xx(send("PUT", "/api/v1/models/" + classGroupKey, admin, Map.of("modelName", model, "modelVersion", "1",
        "samplingRate", samplingRate, "minConfidence", 0)));
  }

  /** The team's members work on {@code taskTypes}. */
  void team(String name, List<String> members, List<String> taskTypes) throws IOException, InterruptedException {
    expect2xx(send("PUT", "/api/v1/teams/" + name, admin, Map.of("taskTypes", taskTypes, "members", members)));
  }

  /** Creates a price-tag reading task as the client with {@code apiKey}; answers the whole response. */
  HttpResponse<String> submitPriceTags(String apiKey, String idempotencyKey, String classGroupKey, String image,
      String callbackUrl) throws IOException, InterruptedException {
    HttpRequest request = json(HttpRequest.newBuilder(base.resolve("/api/v1/tasks"))
        .header("Idempotency-Key", idempotencyKey), "POST", "Bearer " + apiKey, Map.of(
            "type", "price-tag-reading",
            "classGroup", Map.of("key", classGroupKey,
                "classes", List.of(Map.of("id", "price-tag", "name", "Price tag"))),
            "images", List.of(image),
            "callbackUrl", callbackUrl));
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Per read model with any, its dead letters waiting and its streams quarantined ({@code GET /api/v1/read-models}),
   * in words. A message the read side could not apply waits there until someone replays it.
   */
  Map<String, String> readSideWaiting() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/read-models"))
        .timeout(TIMEOUT).header("Authorization", admin).GET().build(), HttpResponse.BodyHandlers.ofString());
    expect2xx(response);
    Map<String, String> waiting = new TreeMap<>();
    for (JsonNode model : JSON.readTree(response.body())) {
      long deadLetters = model.path("deadLettersWaiting").asLong();
      int quarantined = model.path("quarantined").size();
      if (deadLetters + quarantined > 0) {
        waiting.put(model.path("name").asText(), "%d dead letters, %d streams quarantined"
            .formatted(deadLetters, quarantined));
      }
    }
    return waiting;
  }

  private HttpResponse<String> send(String method, String path, String authorization, Object body)
      throws IOException, InterruptedException {
    return http.send(json(HttpRequest.newBuilder(base.resolve(path)), method, authorization, body),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest json(HttpRequest.Builder builder, String method, String authorization, Object body)
      throws IOException {
    return builder.timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Authorization", authorization)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
        .build();
  }

  private static void expect2xx(HttpResponse<String> response) throws IOException {
    if (response.statusCode() / 100 != 2) {
      throw new IOException(response.request().method() + " " + response.request().uri().getPath() + " answered "
          + response.statusCode() + ": " + response.body());
    }
  }
}
