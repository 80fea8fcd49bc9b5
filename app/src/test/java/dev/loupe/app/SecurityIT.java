package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.RecordedEvent;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Signing in and being kept apart, through every real server: what anonymous callers, clients, operators and ops
 * get; the admin UI's login form, session and CSRF token; teams scoping the inbox; sessions finished only by their
 * operator; a disabled person's token refused.
 */
@LoupeIntegrationTest
class SecurityIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private EventJournal journal;
  @LocalServerPort private int port;

  @Test
  void shouldAnswerAnAnonymousRequestWith401AndNeverLetItCreateAClient() {
    ResponseEntity<String> created = exchange(HttpMethod.POST, "/api/v1/clients", StaffAuth.ANONYMOUS,
        "{\"id\":\"evil\",\"name\":\"evil\"}");

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(created.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(created.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(http.getForEntity("/api/v1/clients/evil", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void shouldRefuseAClientsKeyOnTheInbox() throws IOException {
    String key = read(JsonRequests.post(http, "/api/v1/clients", "{\"id\":\"sec-inbox\",\"name\":\"Inbox\"}", null))
        .path("apiKey").asText();

    assertThat(JsonRequests.getAs(key, http, "/api/v1/inbox").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void shouldOpenNoHttpSessionForRequestsThatCarryAnApiKeyOrAPersonsToken() throws Exception {
    String key = read(JsonRequests.post(http, "/api/v1/clients", "{\"id\":\"sec-stateless\",\"name\":\"S\"}",
        null)).path("apiKey").asText();
    String token = People.token(http, "sec-stateless", "operator");
    HttpClient withoutCookies = HttpClient.newHttpClient();

    HttpResponse<String> asClient = withoutCookies.send(
        get("/api/v1/tasks?size=1").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).build(), body());
    HttpResponse<String> asPerson = withoutCookies.send(
        get("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).build(), body());

    assertThat(asClient.statusCode()).isEqualTo(200);
    assertThat(asPerson.statusCode()).isEqualTo(200);
    assertThat(asClient.headers().allValues(HttpHeaders.SET_COOKIE)).noneMatch(set -> set.startsWith("JSESSIONID"));
    assertThat(asPerson.headers().allValues(HttpHeaders.SET_COOKIE)).noneMatch(set -> set.startsWith("JSESSIONID"));
  }

  @Test
  void shouldKeepMetricsAndHealthDetailsForOps() {
    String operator = People.token(http, "sec-metrics-operator", "operator");
    String ops = People.token(http, "sec-ops", "ops");

    assertThat(exchange(HttpMethod.GET, "/actuator/prometheus", StaffAuth.ANONYMOUS, null).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(exchange(HttpMethod.GET, "/actuator/prometheus", "Bearer " + operator, null).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // tests turn the Prometheus registry off (Spring Boot's default), so ops read the metrics endpoint here
    assertThat(exchange(HttpMethod.GET, "/actuator/metrics", "Bearer " + ops, null).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<String> anonymousHealth = exchange(HttpMethod.GET, "/actuator/health", StaffAuth.ANONYMOUS, null);
    assertThat(anonymousHealth.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(anonymousHealth.getBody()).contains("\"status\"").doesNotContain("components");
    assertThat(exchange(HttpMethod.GET, "/actuator/health", "Bearer " + ops, null).getBody()).contains("components");
    assertThat(exchange(HttpMethod.GET, "/actuator/health/liveness", StaffAuth.ANONYMOUS, null).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void shouldServeTheDashboardsChartLibraryFromItsWebjarToSignedInPeopleOnly() {
    String operator = People.token(http, "sec-webjar-operator", "operator");
    String echarts = "/webjars/echarts/5.3.1/dist/echarts.esm.min.js";

    assertThat(exchange(HttpMethod.GET, echarts, StaffAuth.ANONYMOUS, null).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<String> library = exchange(HttpMethod.GET, echarts, "Bearer " + operator, null);
    assertThat(library.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(library.getHeaders().getContentType()).as("a module script needs a JavaScript type")
        .hasToString("text/javascript");
  }

  @Test
  void shouldServeTheVendoredDiagramViewerToPeopleSignedInOnly() {
    String operator = People.token(http, "sec-vendor-operator", "operator");
    String viewer = "/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js";

    assertThat(exchange(HttpMethod.GET, viewer, StaffAuth.ANONYMOUS, null).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(exchange(HttpMethod.GET, viewer, "Bearer " + operator, null).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(exchange(HttpMethod.GET, "/vendor/bpmn-js/LICENSE", "Bearer " + operator, null).getBody())
        .contains("bpmn.io");
  }

  @Test
  void shouldSignInThroughTheLoginFormAndDemandTheCsrfTokenOfTheSession() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    CookieManager cookies = (CookieManager) browser.cookieHandler().orElseThrow();

    HttpResponse<String> page = browser.send(get("/").header("Accept", "text/html").build(), body());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login.html");

    browser.send(get("/login.html").build(), body());
    String csrf = cookie(cookies, "XSRF-TOKEN");
    HttpResponse<String> wrong = browser.send(form("admin", "not-the-password", csrf), body());
    assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login.html?error");

    csrf = cookie(cookies, "XSRF-TOKEN");
    HttpResponse<String> signedIn = browser.send(form("admin", StaffAuth.ADMIN_PASSWORD, csrf), body());
    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

    HttpResponse<String> me = browser.send(get("/api/v1/me").build(), body());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json.readTree(me.body()).path("username").asText()).isEqualTo("admin");

    HttpRequest.Builder change = HttpRequest.newBuilder(URI.create(base() + "/api/v1/teams/sec-csrf"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"taskTypes\":[\"product-detection\"]}"));
    assertThat(browser.send(change.build(), body()).statusCode()).as("without the CSRF token").isEqualTo(403);
    assertThat(browser.send(change.header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN")).build(), body())
        .statusCode()).isEqualTo(200);
  }

  @Test
  void shouldEndTheSessionsOfAPersonWhoIsDisabled() throws Exception {
    People.token(http, "sec-session-leaver", "operator");
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    browser.send(get("/login.html").build(), body());
    String csrf = cookie((CookieManager) browser.cookieHandler().orElseThrow(), "XSRF-TOKEN");
    browser.send(form("sec-session-leaver", People.PASSWORD, csrf), body());
    assertThat(browser.send(get("/api/v1/me").build(), body()).statusCode()).isEqualTo(200);

    JsonRequests.post(http, "/api/v1/users/sec-session-leaver/disable", null, null);

    assertThat(browser.send(get("/api/v1/me").build(), body()).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldShowAnOperatorOnlyTheirTeamsWorkAndLetOnlyThemFinishTheirSession() throws Exception {
    // given
    String kerem = People.token(http, "sec-kerem", "operator");
    String lina = People.token(http, "sec-lina", "operator");
    String loner = People.token(http, "sec-loner", "operator");
    People.inTeamFor(http, "sec-price-tags", "price-tag-reading", "sec-kerem", "sec-lina");
    String taskId = read(JsonRequests.post(http, "/api/v1/tasks", """
        {"type":"price-tag-reading","classGroup":{"key":"sec-tags","classes":[{"id":"tag","name":"Tag"}]},
         "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}""",
        "sec-" + UUID.randomUUID())).path("id").asText();

    // when
    await().atMost(PATIENCE).until(() -> inbox(kerem).contains(taskId));
    ResponseEntity<String> outsiderClaim = JsonRequests.postAs(loner, http, "/api/v1/inbox/" + taskId + "/claim",
        null, null);
    String session = read(JsonRequests.postAs(kerem, http, "/api/v1/inbox/" + taskId + "/claim", null, null))
        .path("sessionId").asText();
    ResponseEntity<String> finishedByAnother = JsonRequests.postAs(lina, http,
        "/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}", null);

    // then
    assertThat(inbox(loner)).doesNotContain(taskId);
    assertThat(outsiderClaim.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(finishedByAnother.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class)).findValuesAsText("type"))
        .contains("OperatorAssigned").doesNotContain("OperatorFinished");
  }

  @Test
  void shouldRecordEveryAdminActionInTheJournalWithItsActorAndNoSecret() throws Exception {
    // when
    JsonNode client = read(JsonRequests.post(http, "/api/v1/clients", "{\"id\":\"sec-audit\",\"name\":\"Audit\"}",
        null));
    String rotatedKey = read(JsonRequests.post(http, "/api/v1/clients/sec-audit/api-key", null, null))
        .path("apiKey").asText();
    JsonRequests.post(http, "/api/v1/users",
        "{\"username\":\"sec-audited\",\"password\":\"audited-password-1\",\"roles\":[\"operator\"]}", null);
    JsonRequests.put(http, "/api/v1/users/sec-audited/roles", "{\"roles\":[\"operator\",\"designer\"]}");
    People.inTeamFor(http, "sec-audit-team", "product-detection", "sec-audited");

    // then
    List<RecordedEvent> clientEvents = journal.readStream("admin-client-sec-audit");
    List<RecordedEvent> userEvents = journal.readStream("admin-user-sec-audited");
    assertThat(clientEvents).extracting(RecordedEvent::type).containsExactly("ClientRegistered", "ApiKeyRotated");
    assertThat(userEvents).extracting(RecordedEvent::type).containsExactly("UserCreated", "RolesChanged");
    assertThat(journal.readStream("admin-team-sec-audit-team")).extracting(RecordedEvent::type)
        .containsExactly("TeamChanged");
    for (RecordedEvent event : concat(clientEvents, userEvents)) {
      assertThat(event.metadata().actor()).isEqualTo("admin");
      assertThat(event.payloadJson()).doesNotContain(client.path("apiKey").asText(), rotatedKey,
          client.path("signingSecret").asText(), "audited-password-1", "{bcrypt}");
    }
  }

  @Test
  void shouldRefuseTheTokenOfADisabledPerson() {
    String token = People.token(http, "sec-leaver", "designer");
    assertThat(JsonRequests.getAs(token, http, "/api/v1/me").getStatusCode()).isEqualTo(HttpStatus.OK);

    JsonRequests.post(http, "/api/v1/users/sec-leaver/disable", null, null);

    assertThat(JsonRequests.getAs(token, http, "/api/v1/me").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private static List<RecordedEvent> concat(List<RecordedEvent> first, List<RecordedEvent> second) {
    List<RecordedEvent> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private List<String> inbox(String token) throws IOException {
    return read(JsonRequests.getAs(token, http, "/api/v1/inbox")).findValuesAsText("id");
  }

  private ResponseEntity<String> exchange(HttpMethod method, String path, String authorization, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set(HttpHeaders.AUTHORIZATION, authorization);
    return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path)).GET();
  }

  private HttpRequest form(String username, String password, String csrf) {
    String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf);
    return HttpRequest.newBuilder(URI.create(base() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  private static String cookie(CookieManager cookies, String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private String base() {
    return "http://localhost:" + port;
  }

  private JsonNode read(ResponseEntity<String> response) throws IOException {
    return json.readTree(response.getBody());
  }
}
