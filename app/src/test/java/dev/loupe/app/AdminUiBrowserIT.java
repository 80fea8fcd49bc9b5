package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The admin UI in a real browser against every real server: the browser tests (admin-ui/src/test/browser, Node's
 * test runner driving Debian's Chromium through playwright-core) run against this JVM's Loupe, as two operators of a
 * team, on tasks of a class group of their own waiting in the inbox. Node, npm and Chromium are required: a missing
 * one fails this test, it is never skipped. The browser tests' output is in app/target/browser-tests.log, and
 * screenshots of failed ones in app/target/browser-screenshots.
 */
@LoupeIntegrationTest
class AdminUiBrowserIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Path ADMIN_UI = Path.of("..", "admin-ui").toAbsolutePath().normalize();
  private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots").toAbsolutePath();
  private static final int WIDTH = 1600;
  private static final int HEIGHT = 1200;

  private static CallbackReceiver client;

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private EventJournal journal;

  @BeforeAll
  static void serveImagesAndReceiveCallbacks() throws IOException {
    client = CallbackReceiver.start().serve("/shelf.png", "image/png", shelfImage());
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  void shouldPassTheOperatorBrowserTestsAndDeliverTheBoxDrawnInTheBrowserInTheImagesPixels() throws Exception {
    // given: two operators of a team, an ML engineer, a designer, and eleven tasks of a class group without a model,
    // waiting for them; a third operator whose team holds only the two tasks of another class group (for "Finish and
    // next")
    String run = UUID.randomUUID().toString().substring(0, 8);
    String ayse = "browser-ayse-" + run;
    String bora = "browser-bora-" + run;
    People.token(http, ayse, "operator");
    People.token(http, bora, "operator");
    String cem = "browser-cem-" + run;
    People.token(http, cem, "ml-engineer");
    String emre = "browser-emre-" + run;
    People.token(http, emre, "designer");
    People.inTeamFor(http, "browser-" + run, "product-detection", ayse, bora);
    String classGroup = "browser-" + run;
    Map<String, String> tasks = new LinkedHashMap<>();
    for (String role : List.of("draw", "reload", "retry", "race", "zoom", "tools", "resume", "giveback", "unusable",
        "recipe", "suggest")) {
      tasks.put(role, create(classGroup));
    }
    String dara = "browser-dara-" + run;
    People.token(http, dara, "operator");
    String nextClassGroup = "browser-next-" + run;
    JsonRequests.put(http, "/api/v1/teams/" + nextClassGroup,
        "{\"classGroups\":[\"%s\"],\"members\":[\"%s\"]}".formatted(nextClassGroup, dara));
    tasks.put("first", create(nextClassGroup));
    tasks.put("second", create(nextClassGroup));
    await().atMost(PATIENCE).until(() -> tasks.values().stream().allMatch(this::waitingForAnOperator));
    String model = "browser-model-" + run;
    scoreChecksOfTheLastDays(model);

    // when
    Run browserTests = node(Map.ofEntries(
        Map.entry("LOUPE_URL", http.getRootUri()),
        Map.entry("LOUPE_PASSWORD", People.PASSWORD),
        Map.entry("LOUPE_ADMIN_PASSWORD", StaffAuth.ADMIN_PASSWORD),
        Map.entry("LOUPE_OPERATOR", ayse),
        Map.entry("LOUPE_OTHER_OPERATOR", bora),
        Map.entry("LOUPE_NEXT_OPERATOR", dara),
        Map.entry("LOUPE_ML_ENGINEER", cem),
        Map.entry("LOUPE_DESIGNER", emre),
        Map.entry("LOUPE_CLASS_GROUP", classGroup),
        Map.entry("LOUPE_TASKS", json.writeValueAsString(tasks)),
        Map.entry("LOUPE_MODEL", model),
        Map.entry("LOUPE_SCREENSHOTS", SCREENSHOTS.toString())),
        "--test", "--test-concurrency=1", "src/test/browser/");

    // then
    assertThat(browserTests.exitCode()).as(browserTests.output()).isZero();
    JsonNode drawn = json.readTree(await().atMost(PATIENCE)
        .until(() -> client.callbackFor(tasks.get("draw")), body -> body != null))
        .path("result").path("objects");
    assertThat(drawn).hasSize(1);
    JsonNode box = drawn.get(0).path("box");
    assertThat(drawn.get(0).path("classId").asText()).isEqualTo("cola");
    assertThat(box.path("x").asDouble()).isCloseTo(0.2 * WIDTH, within(12.0));
    assertThat(box.path("y").asDouble()).isCloseTo(0.2 * HEIGHT, within(12.0));
    assertThat(box.path("w").asDouble()).isCloseTo(0.4 * WIDTH, within(12.0));
    assertThat(box.path("h").asDouble()).isCloseTo(0.3 * HEIGHT, within(12.0));
    assertThat(json.readTree(await().atMost(PATIENCE)
        .until(() -> client.callbackFor(tasks.get("reload")), body -> body != null))
        .path("result").path("objects")).hasSize(2);
    JsonNode rejected = json.readTree(await().atMost(PATIENCE)
        .until(() -> client.callbackFor(tasks.get("unusable")), body -> body != null));
    assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.path("rejection").path("reason").asText()).isEqualTo("DARK");
    assertThat(rejected.path("rejection").path("note").asText()).isEqualTo("lights off");
    for (String finishedAndNext : List.of("first", "second")) {
      assertThat(json.readTree(await().atMost(PATIENCE)
          .until(() -> client.callbackFor(tasks.get(finishedAndNext)), body -> body != null))
          .path("result").path("objects")).as(finishedAndNext).hasSize(1);
    }
  }

  private String create(String classGroup) throws IOException {
    ResponseEntity<String> created = JsonRequests.post(http, "/api/v1/tasks", """
        {"type":"product-detection",
         "classGroup":{"key":"%s","classes":[{"id":"cola","name":"Cola 330ml"},{"id":"water","name":"Water 1l"}]},
         "images":["http://127.0.0.1:%d/shelf.png"],
         "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(classGroup, client.port(), client.port()),
        UUID.randomUUID().toString());
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    return json.readTree(created.getBody()).path("id").asText();
  }

  /**
   * Operators' checks of two versions of a model, scored on each of the last four days, journaled as
   * the quality check's worker journals them: what the models screen charts over time.
   */
  private void scoreChecksOfTheLastDays(String model) {
    JournaledTasks journaled = new JournaledTasks(journal, "admin-ui-browser-it");
    Instant now = Instant.now();
    for (int daysAgo = 3; daysAgo >= 0; daysAgo--) {
      for (String version : List.of("1", "2")) {
        int better = version.equals("2") ? 2 : 0;
        journaled.append(journaled.create("browser-quality"), 1, "AutomaticResultEvaluated", """
            {"model":{"name":"%s","version":"%s"},"scores":[
              {"classId":"cola","truePositives":%d,"falsePositives":%d,"falseNegatives":%d}]}"""
            .formatted(model, version, 6 + better + (3 - daysAgo), 3 - daysAgo / 2, 2 - better / 2),
            now.minus(daysAgo, ChronoUnit.DAYS));
      }
    }
    await().atMost(PATIENCE).until(() -> json.readTree(http.getForEntity(
        "/api/v1/model-quality/" + model + "/history", String.class).getBody()).findValues("start").size() == 8);
  }

  private boolean waitingForAnOperator(String taskId) {
    try {
      return json.readTree(http.getForEntity("/api/v1/tasks/" + taskId, String.class).getBody())
          .path("status").asText().equals("WAITING_FOR_OPERATOR");
    } catch (IOException e) {
      return false;
    }
  }

  private record Run(int exitCode, String output) {}

  /** Installs the browser tests' npm packages as locked, then runs node with the arguments in admin-ui. */
  private static Run node(Map<String, String> environment, String... arguments) throws Exception {
    Run installed = run(Map.of(), "npm-ci.log", "npm", "ci", "--no-audit", "--no-fund");
    assertThat(installed.exitCode()).as("npm ci in admin-ui: %s", installed.output()).isZero();
    List<String> command = new ArrayList<>(List.of("node"));
    command.addAll(List.of(arguments));
    return run(environment, "browser-tests.log", command.toArray(String[]::new));
  }

  /** Runs the command in admin-ui, its output in target/{@code log} (app's). */
  private static Run run(Map<String, String> environment, String log, String... command) throws Exception {
    File output = Path.of("target", log).toAbsolutePath().toFile();
    ProcessBuilder builder = new ProcessBuilder(command).directory(ADMIN_UI.toFile()).redirectErrorStream(true)
        .redirectOutput(output);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError(command[0] + " is needed for the admin UI's browser tests and was not found: install"
          + " Node.js (with npm) and Chromium (apt-get install nodejs npm chromium), as .ci/run does", e);
    }
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " ran for more than 10 minutes");
    }
    return new Run(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8));
  }

  /** A 1600×1200 shelf: grey, with a few coloured products. */
  private static byte[] shelfImage() throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.LIGHT_GRAY);
    graphics.fillRect(0, 0, WIDTH, HEIGHT);
    graphics.setColor(Color.RED);
    for (int i = 0; i < 6; i++) {
      graphics.fillRect(100 + i * 240, 300, 160, 420);
    }
    graphics.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }
}
