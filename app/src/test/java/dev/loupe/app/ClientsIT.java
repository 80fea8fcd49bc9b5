package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Clients through the real servers: each has its own API key, sees only its own tasks, may reuse another
 * client's idempotency keys, and gets callbacks signed with its own secret, with both secrets while a rotated
 * one overlaps.
 */
@LoupeIntegrationTest
class ClientsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static CallbackReceiver web;

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @BeforeAll
  static void receiveCallbacks() throws IOException {
    web = CallbackReceiver.start();
  }

  @AfterAll
  static void stopReceiving() {
    web.close();
  }

  @Test
  void shouldKeepEachClientsTasksApartAndSignItsCallbacksWithItsOwnSecret() throws Exception {
    // given
    JsonNode acme = register("acme", "ACME Retail");
    JsonNode globex = register("globex", "Globex Markets");
    String acmeKey = acme.path("apiKey").asText();
    String globexKey = globex.path("apiKey").asText();
    assertThat(acmeKey).startsWith("lpk_");
    assertThat(acme.path("signingSecret").asText()).startsWith("lps_");
    assertThat(http.getForEntity("/api/v1/clients/acme", String.class).getBody())
        .contains("ACME Retail").doesNotContain(acmeKey).doesNotContain(acme.path("signingSecret").asText());

    // when: both clients use the same idempotency key
    String acmeTask = createAs(acmeKey, "shelf-0001");
    String globexTask = createAs(globexKey, "shelf-0001");

    // then
    assertThat(acmeTask).isNotEqualTo(globexTask);
    assertThat(createAs(acmeKey, "shelf-0001")).as("a repeated request finds the client's task").isEqualTo(acmeTask);
    assertThat(JsonRequests.getAs(globexKey, http, "/api/v1/tasks/" + acmeTask).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(JsonRequests.getAs(globexKey, http, "/api/v1/tasks/" + acmeTask + "/events").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(JsonRequests.postAs(globexKey, http, "/api/v1/tasks/" + acmeTask + "/cancel", "{}", null)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(read(JsonRequests.getAs(acmeKey, http, "/api/v1/tasks/" + acmeTask)).path("clientId").asText())
        .isEqualTo("acme");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(
        read(JsonRequests.getAs(acmeKey, http, "/api/v1/tasks?size=200")).path("items").findValuesAsText("id"))
        .contains(acmeTask).doesNotContain(globexTask));

    // and: an operator finishes acme's task; the callback is signed with acme's secret
    CallbackReceiver.Callback callback = finishByAnOperator(acmeTask);
    assertThat(signatures(callback)).containsExactly(hmac(acme.path("signingSecret").asText(), callback));
    assertThat(read(http.getForEntity("/api/v1/tasks/" + acmeTask + "/events", String.class))
        .get(0).path("actor").asText()).isEqualTo("client:acme");
  }

  @Test
  void shouldRefuseAMissingMalformedOrReplacedApiKey() throws Exception {
    JsonNode initech = register("initech", "Initech");
    String oldKey = initech.path("apiKey").asText();

    ResponseEntity<String> unknown = JsonRequests.postAs("lpk_nobody", http, "/api/v1/tasks", taskBody(), "k1");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(unknown.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(unknown.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(read(unknown).path("detail").asText()).isEqualTo("unknown API key");

    HttpHeaders basic = new HttpHeaders();
    basic.setBasicAuth("initech", "secret");
    assertThat(http.exchange("/api/v1/tasks", HttpMethod.GET, new HttpEntity<>(basic), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    String newKey = read(JsonRequests.post(http, "/api/v1/clients/initech/api-key", "", null)).path("apiKey").asText();
    assertThat(JsonRequests.getAs(oldKey, http, "/api/v1/tasks").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(JsonRequests.getAs(newKey, http, "/api/v1/tasks").getStatusCode()).isEqualTo(HttpStatus.OK);

    assertThat(JsonRequests.post(http, "/api/v1/clients", "{\"id\":\"initech\",\"name\":\"again\"}", null)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    ResponseEntity<String> badId = JsonRequests.post(http, "/api/v1/clients", "{\"id\":\"Not Valid\",\"name\":\"x\"}", null);
    assertThat(badId.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(badId).path("errors").get(0).path("field").asText()).isEqualTo("id");
  }

  @Test
  void shouldSignWithBothSecretsWhileARotatedSecretOverlaps() throws Exception {
    // given
    JsonNode umbrella = register("umbrella", "Umbrella");
    String oldSecret = umbrella.path("signingSecret").asText();

    // when
    JsonNode rotated = read(JsonRequests.post(http, "/api/v1/clients/umbrella/signing-secret", "", null));
    String newSecret = rotated.path("signingSecret").asText();
    String taskId = createAs(umbrella.path("apiKey").asText(), "rotation-1");

    // then: the new secret signs first, the old one still signs
    assertThat(newSecret).isNotEqualTo(oldSecret).startsWith("lps_");
    assertThat(rotated.path("apiKey").isNull()).isTrue();
    assertThat(rotated.path("client").path("previousSecretValidUntil").asText()).isNotEmpty();
    CallbackReceiver.Callback callback = finishByAnOperator(taskId);
    assertThat(signatures(callback)).containsExactly(hmac(newSecret, callback), hmac(oldSecret, callback));
  }

  private JsonNode register(String id, String name) throws IOException {
    ResponseEntity<String> registered = JsonRequests.post(http, "/api/v1/clients",
        "{\"id\":\"%s\",\"name\":\"%s\"}".formatted(id, name), null);
    assertThat(registered.getStatusCode()).as(registered.getBody()).isEqualTo(HttpStatus.CREATED);
    return read(registered);
  }

  private String createAs(String apiKey, String idempotencyKey) throws IOException {
    ResponseEntity<String> created = JsonRequests.postAs(apiKey, http, "/api/v1/tasks", taskBody(), idempotencyKey);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    return read(created).path("id").asText();
  }

  private String taskBody() {
    return """
        {"type":"product-detection",
         "classGroup":{"key":"client-shelves","classes":[{"id":"cola","name":"Cola 330ml"}]},
         "images":["http://127.0.0.1:%d/shelf.jpg"],
         "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(web.port(), web.port());
  }

  /** No model serves the class group: an operator claims the task and finishes it as it is. */
  private CallbackReceiver.Callback finishByAnOperator(String taskId) throws IOException {
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/inbox", String.class))
        .findValuesAsText("id").contains(taskId));
    String session = read(JsonRequests.post(http, "/api/v1/inbox/" + taskId + "/claim", null,
        null)).path("sessionId").asText();
    assertThat(JsonRequests.post(http, "/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}", null)
        .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    return await().atMost(PATIENCE).until(() -> web.receivedFor(taskId), received -> received != null);
  }

  /** The v1 values of the callback's signature header, in order. */
  private static List<String> signatures(CallbackReceiver.Callback callback) {
    List<String> values = new ArrayList<>();
    for (String part : callback.signature().split(",")) {
      if (part.startsWith("v1=")) {
        values.add(part.substring(3));
      }
    }
    return values;
  }

  /** What a client computes to check a callback: HMAC-SHA256 of "<t>.<raw body>" with its secret. */
  private static String hmac(String secret, CallbackReceiver.Callback callback) throws Exception {
    String timestamp = callback.signature().split(",")[0].substring(2);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + callback.body()).getBytes(StandardCharsets.UTF_8)));
  }

  private JsonNode read(ResponseEntity<String> response) throws IOException {
    return json.readTree(response.getBody());
  }
}
