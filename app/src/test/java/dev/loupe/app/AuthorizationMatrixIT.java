package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every operation of the OpenAPI document, called as every kind of caller, answers as docs/security.md's table
 * says: an operation without a row, or a row without an operation, fails. {@code ok} means the caller got past
 * authorization (any status but 401 and 403); a number is the exact status.
 */
@LoupeIntegrationTest
class AuthorizationMatrixIT {

  private static final Path TABLE = Path.of("..", "docs", "security.md");
  private static final List<String> CALLERS = List.of("anonymous", "client A", "client B", "operator", "designer",
      "ml-engineer", "ops", "admin");

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @Test
  void shouldAnswerEveryOperationAsTheAuthorizationTableSaysForEveryCaller() throws Exception {
    // given
    Map<String, String> credentials = callers();
    String task = read(JsonRequests.postAs(credentials.get("client A").substring("Bearer ".length()), http,
        "/api/v1/tasks", """
        {"type":"product-detection","classGroup":{"key":"matrix","classes":[{"id":"cola","name":"Cola"}]},
         "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}""",
        "matrix-" + UUID.randomUUID())).path("id").asText();
    assertThat(task).as("client A's task").isNotBlank();
    Map<String, List<String>> table = table();
    Map<String, String> operations = operations();

    // then: one row per operation
    assertThat(new TreeSet<>(table.keySet())).as("rows of docs/security.md vs operations of /v3/api-docs")
        .isEqualTo(new TreeSet<>(operations.keySet()));

    // when / then: every caller on every operation
    SoftAssertions softly = new SoftAssertions();
    for (Map.Entry<String, String> operation : operations.entrySet()) {
      List<String> expected = table.get(operation.getKey());
      for (int i = 0; i < CALLERS.size(); i++) {
        String caller = CALLERS.get(i);
        int status = call(operation.getValue(), operation.getKey(), credentials.get(caller), task);
        String want = expected.get(i);
        if (want.equals("ok")) {
          softly.assertThat(status).as("%s as %s", operation.getKey(), caller).isNotIn(401, 403);
        } else {
          softly.assertThat(status).as("%s as %s", operation.getKey(), caller).isEqualTo(Integer.parseInt(want));
        }
      }
    }
    softly.assertAll();
  }

  /** Each caller's Authorization header value (anonymous: none). */
  private Map<String, String> callers() throws IOException {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("anonymous", StaffAuth.ANONYMOUS);
    credentials.put("client A", "Bearer " + apiKeyOf("matrix-a"));
    credentials.put("client B", "Bearer " + apiKeyOf("matrix-b"));
    credentials.put("operator", "Bearer " + People.token(http, "matrix-operator", "operator"));
    credentials.put("designer", "Bearer " + People.token(http, "matrix-designer", "designer"));
    credentials.put("ml-engineer", "Bearer " + People.token(http, "matrix-ml", "ml-engineer"));
    credentials.put("ops", "Bearer " + People.token(http, "matrix-ops", "ops"));
    credentials.put("admin", null);
    return credentials;
  }

  private String apiKeyOf(String clientId) throws IOException {
    var registered = JsonRequests.post(http, "/api/v1/clients", "{\"id\":\"%s\",\"name\":\"%s\"}"
        .formatted(clientId, clientId), null);
    if (registered.getStatusCode().value() == 409) {
      registered = JsonRequests.post(http, "/api/v1/clients/" + clientId + "/api-key", null, null);
    }
    return read(registered).path("apiKey").asText();
  }

  /** "METHOD /path" → the path template, from the OpenAPI document. */
  private Map<String, String> operations() throws IOException {
    JsonNode paths = read(http.getForEntity("/v3/api-docs", String.class)).path("paths");
    Map<String, String> operations = new LinkedHashMap<>();
    paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
        operations.put(method.toUpperCase() + " " + path.getKey(), path.getKey());
      }
    }));
    return operations;
  }

  /** "METHOD /path" → the expected answer per caller, in {@link #CALLERS}' order. */
  private static Map<String, List<String>> table() throws IOException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(TABLE)) {
      if (line.startsWith("| GET ") || line.startsWith("| POST ") || line.startsWith("| PUT ")
          || line.startsWith("| DELETE ") || line.startsWith("| PATCH ")) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
          cells.add(cell.trim());
        }
        assertThat(cells).as(line).hasSize(CALLERS.size() + 1);
        assertThat(rows.put(cells.getFirst(), cells.subList(1, cells.size()))).as("a second row for " + line)
            .isNull();
      }
    }
    return rows;
  }

  private int call(String template, String operation, String authorization, String task) {
    String path = template
        .replace("{id}", template.startsWith("/api/v1/tasks") ? task
            : template.startsWith("/api/v1/clients") ? "matrix-target" : UUID.randomUUID().toString())
        .replace("{taskId}", task)
        .replace("{sessionId}", UUID.randomUUID().toString())
        .replace("{datasetId}", UUID.randomUUID().toString())
        .replace("{classGroupKey}", "matrix-none")
        .replace("{modelName}", "matrix-none")
        .replace("{deploymentId}", "1")
        .replace("{processId}", "product-detection")
        .replace("{version}", "1")
        .replace("{name}", template.startsWith("/api/v1/teams") ? "matrix-team" : "matrix-none")
        .replace("{username}", "matrix-nobody");
    HttpMethod method = HttpMethod.valueOf(operation.substring(0, operation.indexOf(' ')));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("Idempotency-Key", "matrix-" + UUID.randomUUID());
    if (authorization != null) {
      headers.set(HttpHeaders.AUTHORIZATION, authorization);
    }
    String body = method == HttpMethod.GET || method == HttpMethod.DELETE ? null : "{}";
    return http.exchange(path, method, new HttpEntity<>(body, headers), String.class).getStatusCode().value();
  }

  private JsonNode read(ResponseEntity<String> response) throws IOException {
    return json.readTree(response.getBody());
  }
}
