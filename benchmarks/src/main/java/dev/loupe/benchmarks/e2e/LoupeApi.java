package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The REST calls the harness makes, as a client application and as operators would: every call has a timeout, and
 * an unexpected status is an {@link IOException} naming it. Each instance acts as one person, with a token made once
 * through HTTP Basic ({@link #signedIn}), so the benchmark never measures the password's slow hash.
 */
public final class LoupeApi {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Lenient as Spring Boot's: unknown fields are ignored, as the application's own consumers ignore them. */
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final String OPERATORS_TEAM = "bench-operators";

  private final URI base;
  private final HttpClient http;
  private final String authorization;
  private final Map<Integer, List<LoupeApi>> operators = new ConcurrentHashMap<>();

  /** Anonymous: only {@link #signedIn} is of use. */
  public LoupeApi(URI base) {
    this(base, HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build(), null);
  }

  private LoupeApi(URI base, HttpClient http, String authorization) {
    this.base = base;
    this.http = http;
    this.authorization = authorization;
  }

  /** The same API as the person: a token of theirs, made with their password over HTTP Basic. */
  public LoupeApi signedIn(String username, String password) throws IOException, InterruptedException {
    String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(json(HttpRequest.newBuilder(base.resolve("/api/v1/me/tokens"))
            .header("Authorization", "Basic " + basic), "POST", Map.of("name", "benchmark")),
        HttpResponse.BodyHandlers.ofString());
    return new LoupeApi(base, http, "Bearer " + body(response, 201).path("token").asText());
  }

  /**
   * {@code count} operators, each signed in as themselves and all in one team given product-detection, made by this
   * (an admin's) API the first time they are asked for.
   */
  public synchronized List<LoupeApi> operators(int count) throws IOException, InterruptedException {
    List<LoupeApi> made = operators.get(count);
    if (made != null) {
      return made;
    }
    List<LoupeApi> signedIn = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String username = "bench-operator-" + i;
      String password = UUID.randomUUID().toString();
      HttpResponse<String> created = send(json(HttpRequest.newBuilder(base.resolve("/api/v1/users")), "POST",
          Map.of("username", username, "password", password, "roles", List.of("operator"))));
      if (created.statusCode() == 409) {
        expect(json(HttpRequest.newBuilder(base.resolve("/api/v1/users/" + username + "/password")), "POST",
            Map.of("password", password)), 200);
      } else {
        body(created, 201);
      }
      names.add(username);
      signedIn.add(signedIn(username, password));
    }
    expect(json(HttpRequest.newBuilder(base.resolve("/api/v1/teams/" + OPERATORS_TEAM)), "PUT",
        Map.of("taskTypes", List.of("product-detection"), "members", names)), 200);
    operators.put(count, List.copyOf(signedIn));
    return operators.get(count);
  }

  /** Creates a product-detection task; answers its id. */
  String createTask(String idempotencyKey, String classGroupKey, String image, String callbackUrl)
      throws IOException, InterruptedException {
    HttpResponse<String> answer = submitTask(idempotencyKey, classGroupKey, image, callbackUrl);
    if (answer.statusCode() == 429) {
      long seconds = answer.headers().firstValue("Retry-After").filter(value -> value.matches("\\d{1,4}"))
          .map(Long::parseLong).orElse(1L);
      throw new AtCapacity(answer.body(), Duration.ofSeconds(seconds));
    }
    return body(answer, 202).path("id").asText();
  }

  /** Loupe refused a creation at once (429): its admission control found it at capacity; nothing was recorded. */
  static final class AtCapacity extends IOException {

    private final transient Duration retryAfter;

    AtCapacity(String problem, Duration retryAfter) {
      super("POST /api/v1/tasks answered 429: " + problem);
      this.retryAfter = retryAfter;
    }

    /** How long Loupe asked the client to wait before it sends the request again. */
    Duration retryAfter() {
      return retryAfter;
    }
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

  /** Claims the task as this API's person; answers the session id, or empty when someone else has it (409). */
  public Optional<String> claim(String taskId) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v1/inbox/" + taskId + "/claim"))
        .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build());
    if (response.statusCode() == 409) {
      return Optional.empty();
    }
    return Optional.of(body(response, 200).path("sessionId").asText());
  }

  /** Finishes an operator's session with one object drawn. */
  public void finish(String sessionId) throws IOException, InterruptedException {
    finish(sessionId, List.of(Map.of("imageIndex", 0, "box", Map.of("x", 10, "y", 20, "w", 100, "h", 200),
        "classId", "item")));
  }

  /** Finishes an operator's session with {@code objects} ({@code imageIndex}, {@code box}, {@code classId}). */
  void finish(String sessionId, List<Map<String, Object>> objects) throws IOException, InterruptedException {
    expect(json(HttpRequest.newBuilder(base.resolve("/api/v1/sessions/" + sessionId + "/finish")), "POST",
        Map.of("objects", objects)), 202);
  }

  /**
   * Asks the class group's classifier for the class of a box the operator drew in the session; empty when the group
   * has no classifier (204).
   */
  Optional<JsonNode> suggest(String sessionId, int imageIndex, Map<String, Object> box)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(json(
        HttpRequest.newBuilder(base.resolve("/api/v1/sessions/" + sessionId + "/suggestions")), "POST",
        Map.of("imageIndex", imageIndex, "box", box)));
    if (response.statusCode() == 204) {
      return Optional.empty();
    }
    return Optional.of(body(response, 200));
  }

  /** Starts a training run of the class group's classifier; answers the whole response (202, or 409 while one runs). */
  HttpResponse<String> train(String classGroupKey, boolean override) throws IOException, InterruptedException {
    return send(json(HttpRequest.newBuilder(base.resolve("/api/v1/models/" + classGroupKey + "/train")), "POST",
        Map.of("override", override)));
  }

  /** A client registered by this (an ops person's) API: its API key and callback signing secret. */
  public record ClientCredentials(String apiKey, String signingSecret) {}

  public ClientCredentials registerClient(String id) throws IOException, InterruptedException {
    JsonNode registered = expect(json(HttpRequest.newBuilder(base.resolve("/api/v1/clients")), "POST",
        Map.of("id", id, "name", id)), 201);
    return new ClientCredentials(registered.path("apiKey").asText(), registered.path("signingSecret").asText());
  }

  /** The same API as a client, with its API key. */
  public LoupeApi asClient(String apiKey) {
    return new LoupeApi(base, http, "Bearer " + apiKey);
  }

  /**
   * Creates a product-detection task as this API's client; answers the whole response, whatever its status, so a
   * caller can retry what did not arrive.
   */
  public HttpResponse<String> submitTask(String idempotencyKey, String classGroupKey, String image, String callbackUrl)
      throws IOException, InterruptedException {
    return submitTask(idempotencyKey, classGroupKey, List.of(Map.of("id", "item", "name", "Item")), image, callbackUrl);
  }

  /** The same with the class group's classes ({@code id}, {@code name}). */
  HttpResponse<String> submitTask(String idempotencyKey, String classGroupKey, List<Map<String, String>> classes,
      String image, String callbackUrl) throws IOException, InterruptedException {
    Map<String, Object> body = Map.of(
        "type", "product-detection",
        "classGroup", Map.of("key", classGroupKey, "classes", classes),
        "images", List.of(image),
        "callbackUrl", callbackUrl);
    return send(json(HttpRequest.newBuilder(base.resolve("/api/v1/tasks"))
        .header("Idempotency-Key", idempotencyKey), "POST", body));
  }

  /** {@code POST pathAndQuery} with a JSON body; answers the status. */
  public int post(String pathAndQuery, Object body) throws IOException, InterruptedException {
    return send(json(HttpRequest.newBuilder(base.resolve(pathAndQuery)), "POST", body)).statusCode();
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

  /** {@code GET pathAndQuery} as this API's person; its JSON, or an {@link IOException} unless 200. */
  public JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    return expect(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).GET().build(), 200);
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
    HttpRequest signed = authorization == null ? request
        : HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", authorization).build();
    return http.send(signed, HttpResponse.BodyHandlers.ofString());
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
