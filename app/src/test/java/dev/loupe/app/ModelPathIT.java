package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.embedded.EmbeddedOutages;
import dev.loupe.inference.ModelIndexEntry;
import dev.loupe.inference.TritonClient;
import dev.loupe.models.ModelRegistry;
import dev.loupe.outbound.OutboundPolicy;
import dev.loupe.outbound.OutboundRefused;
import dev.loupe.pricetags.CtcDecoder;
import dev.loupe.pricetags.TextRecognizer;
import dev.loupe.task.Box;
import dev.loupe.task.GroundTruth;
import dev.loupe.task.ModelRef;
import dev.loupe.task.QualityPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The model path through the real servers: a class group registered to the PaddleOCR text detector served by
 * the embedded model server over Triton's protocol finds the price on a rendered shelf-edge tag; with
 * sampling on, an operator checks the result and the model is scored against the correction.
 */
@LoupeIntegrationTest
class ModelPathIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  /**
   * Longer than the ordinary backoff of a job with three tries, 8 + 16 s (+ up to 20 % jitter: 28.8 s), which would
   * raise an incident by then; shorter than the ITs' outage waits, 12 + 30 s (the server takes seconds to start again).
   */
  private static final Duration OUTAGE = Duration.ofSeconds(31);
  private static final String PRICE = "12.99 TL";
  private static CallbackReceiver web;
  private static Box priceBox;

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private TextRecognizer recognizer;
  @Autowired private TritonClient models;
  @Autowired private ModelRegistry registry;

  @Autowired private MeterRegistry meters;
  @Autowired private OutboundPolicy outbound;

  @Value("${local.server.port}")
  private int loupePort;

  @Value("${spring.elasticsearch.uris}")
  private URI elasticsearch;

  @Value("${loupe.recipes.watch-directory}")
  private Path watchedRecipes;

  @BeforeAll
  static void serveTagImageAndReceiveCallbacks() throws IOException {
    web = CallbackReceiver.start().serve("/tag.png", "image/png", renderPriceTag())
        .serve("/login.html", "text/html", "<html>sign in to see this image</html>".getBytes());
    web.serveAfterFailing("/flaky-tag.png", "image/png", renderPriceTag(), 1);
  }

  @AfterAll
  static void stopServing() {
    web.close();
  }

  @Test
  void shouldDetectThePriceWithTheRegisteredModelAndReportWithoutAnOperator() throws Exception {
    // given: the class group is registered to the text detector, never sampled for a check
    assertThat(registerModel("price-tags", 0.0, 0.0).getStatusCode()).isEqualTo(HttpStatus.OK);

    // when
    String taskId = createTask("model-auto", "price-tags");

    // then
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> web.callbackFor(taskId), body -> body != null));
    List<Box> found = boxes(callback.path("result").path("objects"));
    assertThat(found).anySatisfy(box -> assertThat(GroundTruth.iou(box, priceBox)).isGreaterThan(0.4));
    List<String> events = eventTypesOnceReported(taskId);
    assertThat(events).containsSubsequence("TaskCreated", "DetectionRequested", "ObjectsDetected",
        "QualityCheckDecided", "TaskResultGenerated", "TaskReported").doesNotContain("AssistanceRequested");
  }

  @Test
  void shouldDetectWithoutAnIncidentAfterTheModelServerWasDownLongerThanTheOrdinaryBackoff() throws Exception {
    // given: the model server down when the task's detection starts
    assertThat(registerModel("price-tags-outage", 0.0, 0.0).getStatusCode()).isEqualTo(HttpStatus.OK);
    EmbeddedOutages.stop("model server");
    String taskId;
    try {
      taskId = createTask("model-outage", "price-tags-outage");
      await().atMost(PATIENCE).until(() -> eventTypes(taskId).contains("DetectionRequested"));

      // when: it comes back after the detection has failed for longer than the ordinary backoff lasts (8 s, then
      // 16 s, then an incident), not as long as the outage waits (12 s, then 30 s before the last try: the ITs');
      // all along the outage, the task is neither detected nor in an incident
      await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
          .until(() -> eventTypes(taskId).stream().noneMatch(type -> type.equals("ObjectsDetected")
              || type.equals("IncidentRaised")));
    } finally {
      EmbeddedOutages.restart("model server");
    }

    // then: a try after the outage detects, and no incident was raised
    JsonNode events = eventsOnceReported(taskId);
    assertThat(events.findValuesAsText("type")).containsSubsequence("DetectionRequested", "ObjectsDetected",
        "TaskResultGenerated", "TaskReported").doesNotContain("IncidentRaised", "AssistanceRequested");
    assertThat(Duration.between(recorded(events, "DetectionRequested"), recorded(events, "ObjectsDetected")))
        .as("the detection waited out the outage").isGreaterThanOrEqualTo(OUTAGE);
  }

  private static Instant recorded(JsonNode events, String type) {
    for (JsonNode event : events) {
      if (event.path("type").asText().equals(type)) {
        return Instant.parse(event.path("recordedTime").asText());
      }
    }
    throw new AssertionError("no " + type + " in " + events);
  }

  @Test
  void shouldDetectAndReadThePriceTagThroughThePriceTagReadingRecipe() throws Exception {
    // given
    registerModel("shelf-tags", 0.0, 0.0);

    // when
    String taskId = createPriceTagTask("tags-auto", "shelf-tags", "tag.png");

    // then
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> web.callbackFor(taskId), body -> body != null));
    assertThat(callback.path("result").path("readings").findValuesAsText("text"))
        .anyMatch(text -> text.replace(" ", "").equals(PRICE.replace(" ", "")));
    List<String> events = eventTypesOnceReported(taskId);
    assertThat(events).containsSubsequence("DetectionRequested", "ObjectsDetected", "TagsRead",
        "TaskResultGenerated", "TaskReported");
  }

  @Test
  void shouldSendTheTaskToAnOperatorWhenTheModelServerDoesNotKnowTheModel() throws Exception {
    // given: the registry names a model the server was never asked to load, as after Triton restarted in explicit
    // model-control mode: Triton answers NOT_FOUND for it (ADR 0029), the model-not-found path
    registry.register("ghost-tags", new ModelRef("ghost_model", "1"), new QualityPolicy(0.0, 0.0));
    assertThat(models.repositoryIndex(false)).extracting(ModelIndexEntry::name).doesNotContain("ghost_model");

    // when
    String taskId = createTask("model-unknown", "ghost-tags");

    // then: NOT_FOUND from the server becomes the model-not-found path
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/inbox", String.class))
        .findValuesAsText("id").contains(taskId));
    List<String> events = new java.util.ArrayList<>();
    read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class))
        .forEach(event -> events.add(event.path("type").asText()));
    assertThat(events).containsExactly("TaskCreated", "RecipeRunStarted", "DetectionRequested", "ModelNotFound",
        "AssistanceRequested");
  }

  @Test
  void shouldReprocessADoneTaskWithTheModelRegisteredSince() throws Exception {
    // given: a task done by an operator, because no model was registered for its class group
    String taskId = createTask("model-later", "late-model-tags");
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/inbox", String.class))
        .findValuesAsText("id").contains(taskId));
    String session = read(post("/api/v1/inbox/" + taskId + "/claim", null, null))
        .path("sessionId").asText();
    post("/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}", null);
    eventTypesOnceReported(taskId);
    assertThat(registerModel("late-model-tags", 0.0, 0.0).getStatusCode()).isEqualTo(HttpStatus.OK);

    // when
    ResponseEntity<String> reprocessed = post("/api/v1/tasks/" + taskId + "/reprocess", "{}", null);

    // then: the recipe runs again, this time through the model, and reports again
    assertThat(reprocessed.getStatusCode()).as(reprocessed.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    List<String> events = await().atMost(PATIENCE).until(
        () -> read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class)).findValuesAsText("type"),
        types -> types.stream().filter("TaskReported"::equals).count() == 2);
    assertThat(events).containsSubsequence("ModelNotFound", "OperatorFinished", "TaskReported",
        "TaskReprocessRequested", "DetectionRequested", "ObjectsDetected", "TaskResultGenerated", "TaskReported");
    assertThat(post("/api/v1/tasks/no-such-task/reprocess", "{}", null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void shouldReadThePriceOnTheTagWithTheRecognizer() throws Exception {
    BufferedImage tag = ImageIO.read(new java.io.ByteArrayInputStream(renderPriceTag()));
    Box around = new Box(priceBox.x() - 8, priceBox.y() - 8, priceBox.w() + 16, priceBox.h() + 16);

    CtcDecoder.Reading reading = recognizer.read(new ModelRef("text_recognition", "1"), tag, around);

    assertThat(reading.text().replace(" ", "")).isEqualTo(PRICE.replace(" ", ""));
    assertThat(reading.confidence()).isGreaterThan(0.8);
  }

  @Test
  void shouldHaveAnOperatorCheckASampledResultAndScoreTheModel() throws Exception {
    // given: every task of the class group is checked
    registerModel("price-tags-checked", 1.0, 0.0);
    String taskId = createTask("model-checked", "price-tags-checked");
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/inbox", String.class))
        .findValuesAsText("id").contains(taskId));
    JsonNode task = read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class));
    JsonNode detected = task.findValue("objects");
    assertThat(read(http.getForEntity("/api/v1/tasks/" + taskId, String.class)).path("objects"))
        .as("the operator starts from the model's objects").hasSize(detected.size());
    String sessionId = read(post("/api/v1/inbox/" + taskId + "/claim", null, null))
        .path("sessionId").asText();

    // when: the operator keeps the model's objects and adds one it missed
    StringBuilder objects = new StringBuilder();
    for (JsonNode object : detected) {
      objects.append(json.writeValueAsString(json.createObjectNode()
          .put("objectId", object.path("objectId").asText())
          .put("imageIndex", object.path("imageIndex").asInt())
          .put("classId", object.path("classId").asText())
          .set("box", object.path("box")))).append(',');
    }
    objects.append("{\"imageIndex\":0,\"box\":{\"x\":400,\"y\":20,\"w\":60,\"h\":30},\"classId\":\"price-tag\"}");
    ResponseEntity<String> finished = post("/api/v1/sessions/" + sessionId + "/finish",
        "{\"objects\":[" + objects + "]}", null);

    // then
    assertThat(finished.getStatusCode()).as(finished.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    await().atMost(PATIENCE).until(() -> web.callbackFor(taskId) != null);
    JsonNode events = eventsOnceReported(taskId);
    assertThat(events.findValuesAsText("type")).containsSubsequence("ObjectsDetected", "QualityCheckDecided",
        "AssistanceRequested", "OperatorAssigned", "ObjectsAdded", "OperatorFinished", "AutomaticResultEvaluated",
        "TaskResultGenerated", "TaskReported");
    JsonNode score = events.findValue("scores").get(0);
    assertThat(score.path("classId").asText()).isEqualTo("price-tag");
    assertThat(score.path("truePositives").asInt()).isEqualTo(detected.size());
    assertThat(score.path("falsePositives").asInt()).isZero();
    assertThat(score.path("falseNegatives").asInt()).isEqualTo(1);
    JsonNode monitor = await().atMost(PATIENCE).until(() -> read(http.getForEntity(
        "/api/v1/model-quality/text_detection?since=2026-01-01T00:00:00Z", String.class)),
        report -> report.path("versions").path(0).path("objects").path("falseNegatives").asInt() > 0);
    JsonNode detection = monitor.path("versions").get(0).path("objects");
    assertThat(detection.path("recall").asDouble()).isLessThan(1.0);
    assertThat(detection.path("classes").findValuesAsText("classId")).contains("price-tag");
    assertThat(read(http.getForEntity("/api/v1/model-quality/no-such-model", String.class)).path("versions"))
        .isEmpty();
    assertThat(read(http.getForEntity("/api/v1/model-quality", String.class)).findValuesAsText("model"))
        .as("the monitor lists every scored model").contains("text_detection");
  }

  @Test
  void shouldCheckEveryTaskOfAClientThatAskedForItWhereTheModelChecksNone() throws Exception {
    // given: the model's policy checks no task of the class group; one client wants every one of its tasks checked
    registerModel("client-checked-tags", 0.0, 0.0);
    String apiKey = read(post("/api/v1/clients", "{\"id\":\"careful-client\",\"name\":\"Careful\"}", null))
        .path("apiKey").asText();
    assertThat(JsonRequests.put(http, "/api/v1/clients/careful-client/quality-policies/client-checked-tags",
        "{\"samplingRate\":1.0,\"minConfidence\":0.0}").getStatusCode()).isEqualTo(HttpStatus.OK);

    // when
    String careful = createTask("careful-1", "client-checked-tags", apiKey);
    String anonymous = createTask("careless-1", "client-checked-tags", null);

    // then
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/inbox", String.class))
        .findValuesAsText("id").contains(careful));
    JsonNode decided = read(http.getForEntity("/api/v1/tasks/" + careful + "/events", String.class)).findValue("required");
    assertThat(decided.asBoolean()).as("the client's own policy sampled its task").isTrue();
    assertThat(eventTypesOnceReported(anonymous)).doesNotContain("AssistanceRequested");
  }

  @Test
  void shouldRefuseURLsToTheEmbeddedServersAndToLoupeItselfWhileLoopbackIsAllowed() throws Exception {
    assertThatThrownBy(() -> outbound.resolve("127.0.0.1", elasticsearch.getPort()))
        .isInstanceOf(OutboundRefused.class);
    assertThatThrownBy(() -> outbound.resolve("localhost", loupePort)).isInstanceOf(OutboundRefused.class);
    assertThat(outbound.resolve("127.0.0.1", web.port())).as("the README's images and callbacks").hasSize(1);
  }

  @Test
  void shouldTellTheClientWhichImageCouldNotBeUsedInsteadOfRetryingForever() throws Exception {
    // given
    registerModel("rejected-tags", 0.0, 0.0);
    int port = web.port();

    // when: the second image is gone
    ResponseEntity<String> created = post("/api/v1/tasks", """
        {"type":"product-detection",
         "classGroup":{"key":"rejected-tags","classes":[{"id":"price-tag","name":"Price tag"}]},
         "images":["http://127.0.0.1:%d/tag.png","http://127.0.0.1:%d/missing.png"],
         "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(port, port, port), "rejected-404");
    String taskId = read(created).path("id").asText();

    // then
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> web.callbackFor(taskId), body -> body != null));
    assertThat(callback.path("status").asText()).isEqualTo("REJECTED");
    assertThat(callback.path("rejection").path("imageIndex").asInt()).isEqualTo(1);
    assertThat(callback.path("rejection").path("problem").asText()).as("nothing of what the image's server answered")
        .isEqualTo("could not be fetched");
    assertThat(callback.has("result")).isFalse();
    assertThat(eventTypesOnceReported(taskId))
        .containsExactly("TaskCreated", "RecipeRunStarted", "DetectionRequested", "ImageRejected", "TaskReported");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(
        read(http.getForEntity("/api/v1/tasks/" + taskId, String.class)).path("status").asText()).isEqualTo("REJECTED"));
  }

  @Test
  void shouldRejectAPriceTagTaskWhoseImageIsNotAnImage() throws Exception {
    // given
    registerModel("rejected-shelf-tags", 0.0, 0.0);

    // when: the image URL answers a login page
    String taskId = createPriceTagTask("rejected-html", "rejected-shelf-tags", "login.html");

    // then
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> web.callbackFor(taskId), body -> body != null));
    assertThat(callback.path("status").asText()).isEqualTo("REJECTED");
    assertThat(callback.path("rejection").path("problem").asText()).isEqualTo("is not a PNG, JPEG, BMP or GIF image");
    assertThat(eventTypesOnceReported(taskId))
        .containsExactly("TaskCreated", "RecipeRunStarted", "DetectionRequested", "ImageRejected", "TaskReported");
  }

  @Test
  void shouldKeepTheTextAnOperatorTypedAndReadOnlyTheTagsTheyLeftBlank() throws Exception {
    // given: no detector for the class group, so an operator draws the tags
    String taskId = createPriceTagTask("typed-tags", "typed-tags", "tag.png");
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/inbox", String.class))
        .findValuesAsText("id").contains(taskId));
    String sessionId = read(post("/api/v1/inbox/" + taskId + "/claim", null, null))
        .path("sessionId").asText();

    // when: they draw the price tag and leave it to the servers, and type the text of a second tag
    ResponseEntity<String> finished = post("/api/v1/sessions/" + sessionId + "/finish", """
        {"objects":[
          {"imageIndex":0,"box":{"x":%d,"y":%d,"w":%d,"h":%d},"classId":"price-tag"},
          {"imageIndex":0,"box":{"x":20,"y":20,"w":80,"h":30},"classId":"price-tag","text":" 4.50 "}]}"""
        .formatted((int) priceBox.x() - 8, (int) priceBox.y() - 8, (int) priceBox.w() + 16, (int) priceBox.h() + 16),
        null);

    // then: the servers read only the blank tag; the typed text is the other tag's reading
    assertThat(finished.getStatusCode()).as(finished.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> web.callbackFor(taskId), body -> body != null));
    List<String> texts = callback.path("result").path("readings").findValuesAsText("text");
    assertThat(texts).hasSize(2).contains("4.50")
        .anyMatch(text -> text.replace(" ", "").equals(PRICE.replace(" ", "")));
    JsonNode events = eventsOnceReported(taskId);
    List<String> types = new java.util.ArrayList<>();
    events.forEach(event -> types.add(event.path("type").asText()));
    assertThat(types).containsSubsequence("ObjectsAdded", "TagsCorrected", "OperatorFinished", "TagsRead",
        "TaskResultGenerated", "TaskReported");
    events.forEach(event -> {
      if (event.path("type").asText().equals("TagsRead")) {
        assertThat(event.path("payload").path("readings")).as("only the blank tag is read").hasSize(1);
      }
    });
  }

  @Test
  void shouldHaveAnOperatorCheckASampledReadingAndScoreDetectorAndRecogniser() throws Exception {
    // given: every price-tag task of the class group is checked, however sure the servers are
    registerModel("sampled-shelf-tags", 1.0, 0.0);
    String taskId = createPriceTagTask("tags-sampled", "sampled-shelf-tags", "tag.png");
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/inbox", String.class))
        .findValuesAsText("id").contains(taskId));
    JsonNode tags = read(http.getForEntity("/api/v1/tasks/" + taskId, String.class)).path("objects");
    assertThat(tags).as("the operator sees the tags with their readings").isNotEmpty();
    String sessionId = read(post("/api/v1/inbox/" + taskId + "/claim", null, null))
        .path("sessionId").asText();

    // when: the operator keeps every tag and types another text on the first
    List<String> kept = new java.util.ArrayList<>();
    for (JsonNode tag : tags) {
      var object = json.createObjectNode()
          .put("objectId", tag.path("objectId").asText())
          .put("imageIndex", tag.path("imageIndex").asInt())
          .put("classId", tag.path("classId").asText());
      object.set("box", tag.path("box"));
      if (kept.isEmpty()) {
        object.put("text", "99.99 TL");
      }
      kept.add(json.writeValueAsString(object));
    }
    ResponseEntity<String> finished = post("/api/v1/sessions/" + sessionId + "/finish",
        "{\"objects\":[" + String.join(",", kept) + "]}", null);

    // then: both models are scored once, nothing is left to read, and the typed text is in the result
    assertThat(finished.getStatusCode()).as(finished.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> web.callbackFor(taskId), body -> body != null));
    assertThat(callback.path("result").path("readings").findValuesAsText("text")).contains("99.99 TL");
    JsonNode events = read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class));
    assertThat(events.findValuesAsText("type")).containsSubsequence("ObjectsDetected", "TagsRead",
        "QualityCheckDecided", "AssistanceRequested", "OperatorAssigned", "TagsCorrected", "OperatorFinished",
        "AutomaticResultEvaluated", "ReadingsEvaluated", "QualityCheckDecided", "TaskResultGenerated")
        .containsOnlyOnce("TagsRead");
    assertThat(events.findValuesAsText("reason")).containsExactly("SAMPLED", "QUALITY_CHECK", "CONFIDENT");
    JsonNode readingScore = java.util.stream.StreamSupport.stream(events.spliterator(), false)
        .filter(event -> event.path("type").asText().equals("ReadingsEvaluated"))
        .findFirst().orElseThrow().path("payload");
    assertThat(readingScore.path("model").path("name").asText()).isEqualTo("text_recognition");
    assertThat(readingScore.path("judged").asInt()).isEqualTo(tags.size());
    assertThat(readingScore.path("correct").asInt()).isEqualTo(tags.size() - 1);
    assertThat(readingScore.path("characterErrors").asInt()).isPositive();
    assertThat(readingScore.path("boxChanged").asInt()).isZero();
    JsonNode monitor = await().atMost(PATIENCE).until(() -> read(http.getForEntity(
        "/api/v1/model-quality/text_recognition", String.class)),
        report -> report.path("versions").path(0).path("readings").path("characterErrors").asInt() > 0);
    JsonNode readings = monitor.path("versions").get(0).path("readings");
    assertThat(readings.path("judged").asInt()).as("the engine monitor sums the checks").isGreaterThanOrEqualTo(tags.size());
    assertThat(readings.path("accuracy").asDouble()).isLessThan(1.0);
    assertThat(http.getForEntity("/api/v1/model-quality/text_recognition?since=yesterday", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void shouldTryAnImageServerThatFailsForNowAgainAfterABackoff() throws Exception {
    // given: the image server answers 503 once
    registerModel("flaky-tags", 0.0, 0.0);

    // when
    String taskId = createPriceTagTask("flaky-1", "flaky-tags", "flaky-tag.png");

    // then: detection failed, waited, tried again and the task went on
    JsonNode callback = json.readTree(await().atMost(PATIENCE).until(() -> web.callbackFor(taskId), body -> body != null));
    assertThat(callback.path("status").asText()).isEqualTo("DONE");
    List<java.time.Instant> requests = web.requestTimes("/flaky-tag.png");
    assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
    assertThat(Duration.between(requests.get(0), requests.get(1)))
        .as("the retry waited for its backoff (8 s with two retries left)")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    assertThat(eventTypesOnceReported(taskId)).doesNotContain("ImageRejected").containsOnlyOnce("ObjectsDetected");
  }

  @Test
  void shouldTryTheCallbackAsOftenAsTheRecipeSaysThenRecordTheDeliveryFailure() throws Exception {
    // given: a designer gives the price-tag recipe's "Report result" two tries; the client's callback is down
    String shipped = new String(getClass().getResourceAsStream("/recipes/price-tag-reading.bpmn").readAllBytes(),
        StandardCharsets.UTF_8);
    String twoTries = shipped.replace("type=\"loupe.report-result\" retries=\"5\"",
        "type=\"loupe.report-result\" retries=\"2\"");
    assertThat(twoTries).isNotEqualTo(shipped);
    deployRecipe(twoTries);
    registerModel("undelivered-tags", 0.0, 0.0);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    try {
      // when: the task is rejected (its image is a login page), and its callback cannot be delivered
      ResponseEntity<String> created = post("/api/v1/tasks", """
          {"type":"price-tag-reading",
           "classGroup":{"key":"undelivered-tags","classes":[{"id":"price-tag","name":"Price tag"}]},
           "images":["http://127.0.0.1:%d/login.html"],
           "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(web.port(), closedPort), "undelivered");
      String taskId = read(created).path("id").asText();

      // then
      JsonNode failure = await().atMost(PATIENCE).until(
          () -> read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class)),
          events -> events.findValuesAsText("type").contains("CallbackDeliveryFailed"));
      assertThat(failure.findValuesAsText("type")).doesNotContain("TaskReported");
      assertThat(failure.findValue("attempts").asInt()).as("the recipe's two tries").isEqualTo(2);
    } finally {
      deployRecipe(shipped);
    }
  }

  /** Saves the price-tag recipe in the watched directory and waits until it is deployed. */
  private void deployRecipe(String bpmn) throws IOException {
    double deployedBefore = meters.counter("loupe.recipes.watch", "outcome", "deployed").count();
    Files.writeString(watchedRecipes.resolve("price-tag-reading.bpmn"), bpmn);
    await().atMost(PATIENCE).until(
        () -> meters.counter("loupe.recipes.watch", "outcome", "deployed").count() > deployedBefore);
  }

  private List<String> eventTypes(String taskId) throws IOException {
    return read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class)).findValuesAsText("type");
  }

  /** The task's event types once TaskReported is stored: it is appended after the callback answered. */
  private List<String> eventTypesOnceReported(String taskId) {
    List<String> types = new java.util.ArrayList<>();
    eventsOnceReported(taskId).forEach(event -> types.add(event.path("type").asText()));
    return types;
  }

  /** The task's events once TaskReported is stored. */
  private JsonNode eventsOnceReported(String taskId) {
    return await().atMost(PATIENCE).until(
        () -> read(http.getForEntity("/api/v1/tasks/" + taskId + "/events", String.class)),
        events -> events.findValuesAsText("type").contains("TaskReported"));
  }

  private ResponseEntity<String> registerModel(String classGroupKey, double samplingRate, double minConfidence) {
    return JsonRequests.put(http, "/api/v1/models/" + classGroupKey, """
        {"modelName":"text_detection","modelVersion":"1","samplingRate":%s,"minConfidence":%s}"""
        .formatted(samplingRate, minConfidence));
  }

  private String createTask(String idempotencyKey, String classGroupKey) throws IOException {
    return createTask(idempotencyKey, classGroupKey, null);
  }

  /** {@code apiKey}: the client's key, null to create the task without one. */
  private String createTask(String idempotencyKey, String classGroupKey, String apiKey) throws IOException {
    int port = web.port();
    ResponseEntity<String> created = JsonRequests.postAs(apiKey, http, "/api/v1/tasks", """
        {"type":"product-detection",
         "classGroup":{"key":"%s","classes":[{"id":"price-tag","name":"Price tag"}]},
         "images":["http://127.0.0.1:%d/tag.png"],
         "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(classGroupKey, port, port), idempotencyKey);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    return read(created).path("id").asText();
  }

  private String createPriceTagTask(String idempotencyKey, String classGroupKey, String imagePath) throws IOException {
    int port = web.port();
    ResponseEntity<String> created = post("/api/v1/tasks", """
        {"type":"price-tag-reading",
         "classGroup":{"key":"%s","classes":[{"id":"price-tag","name":"Price tag"}]},
         "images":["http://127.0.0.1:%d/%s"],
         "callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(classGroupKey, port, imagePath, port),
        idempotencyKey);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    return read(created).path("id").asText();
  }

  private ResponseEntity<String> post(String path, String body, String idempotencyKey) {
    return JsonRequests.post(http, path, body, idempotencyKey);
  }

  private static List<Box> boxes(JsonNode objects) {
    return java.util.stream.StreamSupport.stream(objects.spliterator(), false)
        .map(object -> object.path("box"))
        .map(box -> new Box(box.path("x").asDouble(), box.path("y").asDouble(), box.path("w").asDouble(),
            box.path("h").asDouble()))
        .toList();
  }

  private JsonNode read(ResponseEntity<String> response) throws IOException {
    return json.readTree(response.getBody());
  }

  /** A white shelf-edge tag with a big black price; remembers where the price is. */
  private static byte[] renderPriceTag() throws IOException {
    BufferedImage image = new BufferedImage(640, 320, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, 640, 320);
    graphics.setColor(Color.BLACK);
    graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
    FontMetrics metrics = graphics.getFontMetrics();
    int x = 120;
    int baseline = 200;
    graphics.drawString(PRICE, x, baseline);
    priceBox = new Box(x, baseline - metrics.getAscent(), metrics.stringWidth(PRICE), metrics.getAscent());
    graphics.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }
}
