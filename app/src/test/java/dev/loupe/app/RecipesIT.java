package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.recipes.RecipeBook.DeployedRecipe;
import dev.loupe.recipes.RecipeVersions;
import dev.loupe.recipes.RecipeVersions.RecipeVersion;
import dev.loupe.task.TaskCommand.RaiseIncident;
import dev.loupe.task.TaskRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The recipes screen's API: every version deployed, kept with its BPMN and who deployed it; the tasks and open
 * incidents at each element of a version, from the journal; the elements each run of a task reached; a refused
 * recipe's reasons at the elements they are about.
 */
@LoupeIntegrationTest
class RecipesIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private TaskRepository tasks;
  @Autowired private TaskViews views;
  @Autowired private RecipeVersions versions;

  @Test
  void shouldListTheShippedRecipesAndServeTheirBpmn() throws Exception {
    // when
    JsonNode listed = read(http.getForEntity("/api/v1/recipes", String.class));

    // then
    JsonNode shipped = find(listed, "price-tag-reading", 1);
    assertThat(shipped.path("deployedBy").asText()).isEqualTo("loupe");
    assertThat(shipped.path("resourceName").asText()).isEqualTo("price-tag-reading.bpmn");
    ResponseEntity<String> bpmn = http.getForEntity(
        "/api/v1/recipes/deployments/" + shipped.path("deploymentId").asLong() + "/bpmn", String.class);
    assertThat(bpmn.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_XML)).isTrue();
    assertThat(bpmn.getBody()).isEqualTo(shippedBpmn("price-tag-reading"));
  }

  @Test
  void shouldKeepADeployedVersionOnceWithWhoDeployedItAndAnswerUnknownOnesNotFound() throws Exception {
    // given
    String changed = labelled(shippedBpmn("product-detection"));
    String designer = People.token(http, "recipes-designer", "designer");

    // when
    ResponseEntity<String> first = deploy(designer, changed);
    ResponseEntity<String> again = deploy(designer, changed);
    restoreShipped();

    // then
    assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(HttpStatus.CREATED);
    int version = read(first).path("version").asInt();
    assertThat(read(again).path("version").asInt()).as("Zeebe answers the same BPMN with its version")
        .isEqualTo(version);
    List<JsonNode> kept = new ArrayList<>();
    read(http.getForEntity("/api/v1/recipes", String.class)).forEach(row -> {
      if (row.path("processId").asText().equals("product-detection") && row.path("version").asInt() == version) {
        kept.add(row);
      }
    });
    assertThat(kept).singleElement().satisfies(row -> assertThat(row.path("deployedBy").asText())
        .isEqualTo("recipes-designer"));
    assertThat(http.getForEntity("/api/v1/recipes/deployments/" + kept.getFirst().path("deploymentId").asLong()
        + "/bpmn", String.class).getBody()).isEqualTo(changed);
    assertThat(http.getForEntity("/api/v1/recipes/deployments/999999999/bpmn", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/v1/recipes/product-detection/versions/999999/activity", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void shouldFindTheDeploymentARunRanOnWhenAnEngineThatForgotItGaveItsVersionNumberAgain() {
    // given: a process id's version 1 deployed, then (the embedded engine restarted) version 1 of other BPMN
    String processId = "restarted-" + UUID.randomUUID();
    Instant before = Instant.parse("2026-01-01T10:00:00Z");
    Instant after = Instant.parse("2026-01-02T10:00:00Z");
    RecipeVersion old = versions.keep(new DeployedRecipe(processId, 1, 11), "a.bpmn",
        "<old/>".getBytes(StandardCharsets.UTF_8), "loupe", before);
    RecipeVersion renumbered = versions.keep(new DeployedRecipe(processId, 1, 11), "a.bpmn",
        "<new/>".getBytes(StandardCharsets.UTF_8), "loupe", after);

    // when
    RecipeVersion repeated = versions.keep(new DeployedRecipe(processId, 1, 11), "a.bpmn",
        "<new/>".getBytes(StandardCharsets.UTF_8), "loupe", after.plusSeconds(60));

    // then
    assertThat(renumbered.deploymentId()).isNotEqualTo(old.deploymentId());
    assertThat(repeated).isEqualTo(renumbered);
    assertThat(versions.ranBefore(processId, 1, before.plusSeconds(5))).contains(old);
    assertThat(versions.ranBefore(processId, 1, after.plusSeconds(5))).contains(renumbered);
    assertThat(versions.newest(processId, 1)).contains(renumbered);
    assertThat(versions.bpmn(old.deploymentId())).contains("<old/>");
  }

  @Test
  void shouldCountTheTasksAndOpenIncidentsAtEachElementAndDrawEachTasksPath() throws Exception {
    // given: a version of its own, three tasks waiting for an operator on it, one of them with an incident
    ResponseEntity<String> deployed = deploy(null, labelled(shippedBpmn("product-detection")));
    int version = read(deployed).path("version").asInt();
    List<String> waiting = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        waiting.add(read(JsonRequests.post(http, "/api/v1/tasks", """
            {"type":"product-detection","classGroup":{"key":"recipes-it","classes":[{"id":"cola","name":"Cola"}]},
             "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}""",
            "recipes-it-" + UUID.randomUUID())).path("id").asText());
      }
      await().atMost(PATIENCE).until(() -> waiting.stream().allMatch(task -> views.find(task)
          .filter(view -> view.recipe() != null && view.status().name().equals("WAITING_FOR_OPERATOR")).isPresent()));
    } finally {
      restoreShipped();
    }
    tasks.execute(waiting.getFirst(), new RaiseIncident("loupe.operator-task", "OperatorAnnotatesTask", 5, "test"),
        "recipes-it-incident-" + waiting.getFirst(), "test");

    // when: the counts are asked of the read model's search, which sees a task once its index refreshed (a GET by id,
    // as above, sees it at once)
    JsonNode operatorStep = await().atMost(PATIENCE).until(() -> read(http.getForEntity(
            "/api/v1/recipes/product-detection/versions/" + version + "/activity", String.class))
        .path("elements").path("OperatorAnnotatesTask"),
        element -> element.path("active").asLong() == 3 && element.path("incidents").asLong() == 1);
    JsonNode runs = read(http.getForEntity("/api/v1/tasks/" + waiting.getLast() + "/recipe-runs", String.class));

    // then
    assertThat(operatorStep.path("active").asLong()).isEqualTo(3);
    assertThat(operatorStep.path("incidents").asLong()).isEqualTo(1);
    assertThat(runs).hasSize(1);
    JsonNode run = runs.get(0);
    assertThat(run.path("version").asInt()).isEqualTo(version);
    assertThat(run.path("deploymentId").asLong()).isEqualTo(find(read(http.getForEntity("/api/v1/recipes",
        String.class)), "product-detection", version).path("deploymentId").asLong());
    assertThat(json.convertValue(run.path("elements"), String[].class))
        .containsExactly("TaskCreatedStartEvent", "RequestAssistanceTask", "OperatorAnnotatesTask");
    assertThat(run.path("at").asText()).isEqualTo("OperatorAnnotatesTask");
    assertThat(http.getForEntity("/api/v1/tasks/" + UUID.randomUUID() + "/recipe-runs", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void shouldRefuseABrokenRecipeWithEachReasonAtItsElement() throws Exception {
    // given
    String broken = shippedBpmn("product-detection")
        .replace("type=\"loupe.generate-result\"", "type=\"loupe.no-such-worker\"");

    // when
    ResponseEntity<String> refused = deploy(null, broken);

    // then
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode error = read(refused).path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("bpmn");
    assertThat(error.path("elementId").asText()).isEqualTo("GenerateResultTask");
    assertThat(error.path("message").asText()).contains("'loupe.no-such-worker', which no worker serves");
  }

  /** The shipped recipe with a label changed: another version that behaves the same. */
  private static String labelled(String bpmn) {
    return bpmn.replace("name=\"Report result\"", "name=\"Report result " + UUID.randomUUID() + "\"");
  }

  private void restoreShipped() throws Exception {
    assertThat(deploy(null, shippedBpmn("product-detection")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  private ResponseEntity<String> deploy(String token, String bpmn) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_XML);
    if (token != null) {
      headers.setBearerAuth(token);
    }
    return http.exchange("/api/v1/recipes?name=product-detection.bpmn", HttpMethod.POST,
        new HttpEntity<>(bpmn, headers), String.class);
  }

  private static JsonNode find(JsonNode listed, String processId, int version) {
    for (JsonNode row : listed) {
      if (row.path("processId").asText().equals(processId) && row.path("version").asInt() == version) {
        return row;
      }
    }
    throw new AssertionError("no " + processId + " version " + version + " in " + listed);
  }

  private String shippedBpmn(String recipe) throws Exception {
    return new String(getClass().getResourceAsStream("/recipes/" + recipe + ".bpmn").readAllBytes(),
        StandardCharsets.UTF_8);
  }

  private JsonNode read(ResponseEntity<String> response) throws Exception {
    return json.readTree(response.getBody());
  }
}
