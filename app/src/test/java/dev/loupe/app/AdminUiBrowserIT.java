package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    // given: two operators of a team, an ML engineer, a designer, and nine tasks of a class group without a model,
    // waiting for them
    String run = UUID.randomUUID().toString().substring(0, 8);
    String ayse = "browser-ayse-" + run;
    String bora = "browser-bora-" + run;
    People.token(http, ayse, "operator");
    People.token(http, bora, "operator");
    String cem = "browser-cem-" + run;
    People.token(http, cem, "ml-engineer");
    String dara = "browser-dara-" + run;
    People.token(http, dara, "designer");
    People.inTeamFor(http, "browser-" + run, "product-detection", ayse, bora);
    String classGroup = "browser-" + run;
    Map<String, String> tasks = new LinkedHashMap<>();
    for (String role : List.of("draw", "reload", "retry", "race", "zoom", "tools", "resume", "giveback", "recipe")) {
      tasks.put(role, create(classGroup));
    }
    await().atMost(PATIENCE).until(() -> tasks.values().stream().allMatch(this::waitingForAnOperator));

    // when
    Run browserTests = node(Map.of(
        "LOUPE_URL", http.getRootUri(),
        "LOUPE_PASSWORD", People.PASSWORD,
        "LOUPE_ADMIN_PASSWORD", StaffAuth.ADMIN_PASSWORD,
        "LOUPE_OPERATOR", ayse,
        "LOUPE_OTHER_OPERATOR", bora,
        "LOUPE_ML_ENGINEER", cem,
        "LOUPE_DESIGNER", dara,
        "LOUPE_CLASS_GROUP", classGroup,
        "LOUPE_TASKS", json.writeValueAsString(tasks),
        "LOUPE_SCREENSHOTS", SCREENSHOTS.toString()),
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
