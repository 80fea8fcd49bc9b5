package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The REST calls the harness makes, as a client application and as operators would: every call has a timeout, and
 * an unexpected status is an {@link IOException} naming it.
 */
final class LoupeApi {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Lenient as Spring Boot's: unknown fields are ignored, as the application's own consumers ignore them. */
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI base;
  private final HttpClient http;

  LoupeApi(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Creates a product-detection task; answers its id. */
  String createTask(String idempotencyKey, String classGroupKey, String image, String callbackUrl)
      throws IOException, InterruptedException {
    Map<String, Object> body = Map.of(
        "type", "product-detection",
        "classGroup", Map.of("key", classGroupKey, "classes", java.util.List.of(Map.of("id", "item", "name", "Item"))),
        "images", java.util.List.of(image),
        "callbackUrl", callbackUrl);
    HttpRequest request = json(HttpRequest.newBuilder(base.resolve("/api/v1/tasks"))
        .header("Idempotency-Key", idempotencyKey), "POST", body);
    return expect(request, 202).path("id").asText();
  }

  /** The task's read-model view, or empty while it is not there yet. */
  Optional<JsonNode> task(String taskId) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v1/tasks/" + taskId))
        .timeout(TIMEOUT).GET().build());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(body(response, 200));
  }

  /** The task's journal stream. */
  JsonNode events(String taskId) throws IOException, InterruptedException {
    return expect(HttpRequest.newBuilder(base.resolve("/api/v1/tasks/" + taskId + "/events"))
        .timeout(TIMEOUT).GET().build(), 200);
  }

  /** Claims the task; answers the session id, or empty when someone else has it (409). */
  Optional<String> claim(String taskId, String operatorId) throws IOException, InterruptedException {
    HttpResponse<String> response = send(json(HttpRequest.newBuilder(base.resolve("/api/v1/inbox/" + taskId + "/claim")),
        "POST", Map.of("operatorId", operatorId)));
    if (response.statusCode() == 409) {
      return Optional.empty();
    }
    return Optional.of(body(response, 200).path("sessionId").asText());
  }

  /** Finishes an operator's session with one object drawn. */
  void finish(String sessionId) throws IOException, InterruptedException {
    Map<String, Object> object = Map.of("imageIndex", 0, "box", Map.of("x", 10, "y", 20, "w", 100, "h", 200),
        "classId", "item");
    expect(json(HttpRequest.newBuilder(base.resolve("/api/v1/sessions/" + sessionId + "/finish")), "POST",
        Map.of("objects", java.util.List.of(object))), 202);
  }

  /** Registers a model for a class group. */
  void registerModel(String classGroupKey, String modelName, String modelVersion) throws IOException, InterruptedException {
    HttpResponse<String> response = send(json(HttpRequest.newBuilder(base.resolve("/api/v1/models/" + classGroupKey)),
        "PUT", Map.of("modelName", modelName, "modelVersion", modelVersion, "samplingRate", 0, "minConfidence", 0)));
    if (response.statusCode() / 100 != 2) {
      throw new IOException("PUT /api/v1/models/" + classGroupKey + " answered " + response.statusCode() + ": "
          + response.body());
    }
  }

  /** The Prometheus text exposition of {@code /actuator/prometheus}. */
  String prometheus() throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))
        .timeout(TIMEOUT).GET().build());
    if (response.statusCode() != 200) {
      throw new IOException("/actuator/prometheus answered " + response.statusCode());
    }
    return response.body();
  }

  /** {@code GET /api/v1/read-models} (the read side's own report), or empty where this version of Loupe lacks it. */
  Optional<JsonNode> readModels() {
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v1/read-models"))
          .timeout(Duration.ofSeconds(5)).GET().build());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode models = JSON.readTree(response.body());
      return models.isArray() ? Optional.of(models) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private HttpRequest json(HttpRequest.Builder builder, String method, Object body) throws IOException {
    return builder.timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
        .build();
  }

  private JsonNode expect(HttpRequest request, int status) throws IOException, InterruptedException {
    return body(send(request), status);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> response, int status) throws IOException {
    if (response.statusCode() != status) {
      String body = response.body();
      throw new IOException(response.request().method() + " " + response.request().uri().getPath() + " answered "
          + response.statusCode() + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }
    return JSON.readTree(response.body());
  }
}
