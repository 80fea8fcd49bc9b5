package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.learning.ClassifierRepository;
import dev.loupe.learning.ClassifierTrainer;
import dev.loupe.learning.LabelledFeatures;
import dev.loupe.learning.ThumbnailHistogramFeatures;
import dev.loupe.learning.ThumbnailHistogramGradientFeatures;
import dev.loupe.learning.TrainedClassifier;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.models.ModelControl;
import dev.loupe.models.ModelRegistry;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ClassGroup.ObjectClass;
import dev.loupe.task.ModelRef;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskEventTypes.StoredType;
import dev.loupe.training.TrainingPolicy;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The learning loop through every real server: verified tasks in the journal train a box classifier, which is
 * written into the embedded model server's repository, scored against a deliberately weak champion on the newest
 * tasks, deployed over the model control stream, and then suggests the class of a box an operator draws in a new
 * task.
 */
@LoupeIntegrationTest
class LearningLoopIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");
  /** The model a class group's training runs write to: its classifier on the features training uses. */
  private static final UnaryOperator<String> CHALLENGER_MODEL =
      classGroup -> ClassifierRepository.modelName(classGroup, ThumbnailHistogramGradientFeatures.NAME);
  private static final List<String> CLASSES = List.of("cola", "water", "juice");
  private static final List<Color> COLOURS = List.of(new Color(200, 30, 30), new Color(30, 170, 60),
      new Color(40, 60, 200));
  private static final int SHELVES = 30;
  private static final List<Box> PRODUCTS = new ArrayList<>();
  private static final List<BufferedImage> IMAGES = new ArrayList<>();
  private static CallbackReceiver web;

  @Autowired private EventJournal journal;
  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private ModelControl control;
  @Autowired private ModelRegistry registry;
  @Autowired private DataSource dataSource;
  @Autowired private TrainingPolicy policy;

  @Value("${loupe.embedded.inference.repository}")
  private Path repository;

  @BeforeAll
  static void serveShelfImages() throws IOException {
    web = CallbackReceiver.start();
    Random random = new Random(17);
    for (int i = 0; i < SHELVES + 1; i++) {
      BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
      Graphics2D graphics = image.createGraphics();
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, 160, 120);
      Box product = new Box(10 + random.nextInt(60), 10 + random.nextInt(40), 40 + random.nextInt(40),
          40 + random.nextInt(30));
      Color colour = COLOURS.get(i % CLASSES.size());
      graphics.setColor(new Color(jitter(colour.getRed(), random), jitter(colour.getGreen(), random),
          jitter(colour.getBlue(), random)));
      graphics.fillRect((int) product.x(), (int) product.y(), (int) product.w(), (int) product.h());
      graphics.dispose();
      PRODUCTS.add(product);
      IMAGES.add(image);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      web.serve("/shelf/" + i + ".png", "image/png", png.toByteArray());
    }
    web.serve("/label.png", "image/png", label());
    web.serve("/not-an-image.png", "image/png", "no pixels here".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopServing() {
    web.close();
  }

  @Test
  void shouldTrainAVersionThatBeatsAWeakChampionDeployItAndSuggestTheClassOfABoxDrawnInANewTask() throws Exception {
    // given: a class group of verified shelves, and a champion trained on wrong labels
    String classGroup = "learning-" + UUID.randomUUID().toString().substring(0, 8);
    verifiedShelves(classGroup, CLASSES);
    weakChampion(classGroup);
    projected(classGroup);

    // when
    ResponseEntity<String> started = JsonRequests.post(http, "/api/v1/models/" + classGroup + "/train", "{}", null);

    // then: the run is accepted, deploys its version and records why
    assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode accepted = json.readTree(started.getBody());
    assertThat(accepted.path("status").asText()).isEqualTo("RUNNING");
    assertThat(accepted.path("classGroup").asText()).isEqualTo(classGroup);
    JsonNode run = finished(classGroup, accepted.path("runId").asText());
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("DEPLOYED");
    assertThat(run.path("trigger").asText()).isEqualTo("MANUAL");
    assertThat(run.path("datasetPosition").asText()).matches("[0-9]+:[0-9]+");
    // the challenger is trained on the current features, so it is version 1 of a model of its own; the weak champion
    // is version 1 of the class group's model on the first features, scored on those
    assertThat(run.path("challenger").path("version").asText()).isEqualTo("1");
    assertThat(run.path("champion").path("version").asText()).isEqualTo("1");
    List<String> evaluated = new ArrayList<>();
    for (RecordedEvent event : journal.readStream("model-" + classGroup)) {
      if (event.type().equals("ModelEvaluated")) {
        JsonNode payload = json.readTree(event.payloadJson());
        evaluated.add(payload.path("role").asText() + " " + payload.path("modelName").asText() + " "
            + payload.path("modelVersion").asText());
      }
    }
    assertThat(evaluated).as("each scored as what it is: the champion on the first features' model")
        .containsExactly("CHALLENGER " + CHALLENGER_MODEL.apply(classGroup) + " 1",
            "CHAMPION " + ClassifierRepository.modelName(classGroup) + " 1");
    assertThat(run.path("challenger").path("accuracy").asDouble())
        .isGreaterThan(run.path("champion").path("accuracy").asDouble());
    assertThat(registry.classifierFor(classGroup).orElseThrow().model())
        .isEqualTo(new ModelRef(CHALLENGER_MODEL.apply(classGroup), "1"));
    assertThat(journal.readStream("model-" + classGroup).stream().map(RecordedEvent::type).toList())
        .containsSubsequence("ModelActivated", "TrainingRunStarted", "ModelTrained", "ModelEvaluated",
            "ModelEvaluated", "ModelActivated", "TrainingRunFinished");

    // and: a box an operator draws in a new task gets the deployed version's suggestion
    String operator = People.token(http, classGroup + "-ayse", "operator");
    JsonRequests.put(http, "/api/v1/teams/" + classGroup,
        "{\"classGroups\":[\"%s\"],\"members\":[\"%s\"]}".formatted(classGroup, classGroup + "-ayse"));
    String session = claimedNewTask(classGroup, operator, SHELVES).session();
    Box drawn = PRODUCTS.get(SHELVES);
    ResponseEntity<String> suggested = JsonRequests.postAs(operator, http, "/api/v1/sessions/" + session
        + "/suggestions", "{\"imageIndex\":0,\"box\":{\"x\":%s,\"y\":%s,\"w\":%s,\"h\":%s}}".formatted(
        drawn.x() - 2, drawn.y() - 2, drawn.w() + 4, drawn.h() + 4), null);
    assertThat(suggested.getStatusCode()).as(suggested.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode suggestion = json.readTree(suggested.getBody());
    assertThat(suggestion.path("classId").asText()).isEqualTo(CLASSES.get(SHELVES % CLASSES.size()));
    assertThat(suggestion.path("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(suggestion.path("model").asText()).isEqualTo(CHALLENGER_MODEL.apply(classGroup));
    assertThat(suggestion.path("version").asText()).isEqualTo("1");

    // and: finishing the session with the box under the suggested class scores that version's on-draw suggestion
    ResponseEntity<String> finished = JsonRequests.postAs(operator, http, "/api/v1/sessions/" + session + "/finish",
        """
        {"objects":[{"imageIndex":0,"box":{"x":%s,"y":%s,"w":%s,"h":%s},"classId":"%s",
          "suggested":{"classId":"%s","confidence":%s,"model":"%s","version":"1"}}]}""".formatted(drawn.x(), drawn.y(),
            drawn.w(), drawn.h(), suggestion.path("classId").asText(), suggestion.path("classId").asText(),
            suggestion.path("confidence").asDouble(), suggestion.path("model").asText()), null);
    assertThat(finished.getStatusCode()).as(finished.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode scored = await().atMost(PATIENCE).until(() -> versionQuality(suggestion.path("model").asText(), "1")
        .path("suggestions"), node -> node.path("suggested").asInt() == 1);
    assertThat(scored.path("kept").asInt()).isEqualTo(1);
  }

  /** The engine monitor's figures of one version of a model; a missing node while it has none. */
  private JsonNode versionQuality(String model, String version) throws IOException {
    for (JsonNode quality : json.readTree(http.getForEntity("/api/v1/model-quality/" + model, String.class).getBody())
        .path("versions")) {
      if (quality.path("version").asText().equals(version)) {
        return quality;
      }
    }
    return json.missingNode();
  }

  @Test
  void shouldSuggestAClassForEveryBoxTheDetectorFindsAndScoreTheSuggestionsOnceAnOperatorChecked() throws Exception {
    // given: a class group with a detector (the text detector: it finds the label) whose results are always
    // checked, and a classifier
    String classGroup = "learning-detected-" + UUID.randomUUID().toString().substring(0, 8);
    JsonRequests.put(http, "/api/v1/models/" + classGroup,
        "{\"modelName\":\"text_detection\",\"modelVersion\":\"1\",\"samplingRate\":1.0,\"minConfidence\":0.0}");
    String model = ClassifierRepository.modelName(classGroup);
    TrainedClassifier classifier = trainedOnShelves();
    new ClassifierRepository(repository).write(model, 1, classifier);
    control.activateClassifier(classGroup, new ModelRef(model, "1"), classifier.features(), classifier.classes(),
        "learning-it");
    String operator = People.token(http, classGroup + "-cem", "operator");
    JsonRequests.put(http, "/api/v1/teams/" + classGroup,
        "{\"classGroups\":[\"%s\"],\"members\":[\"%s\"]}".formatted(classGroup, classGroup + "-cem"));

    // when: a task of the class group is detected, and the operator finishes its check changing nothing
    Claimed claimed = claimedNewTask(classGroup, operator, "http://127.0.0.1:" + web.port() + "/label.png");
    String task = claimed.task();
    String session = claimed.session();
    JsonNode detected = json.readTree(http.getForEntity("/api/v1/tasks/" + task, String.class).getBody());
    ResponseEntity<String> finished = JsonRequests.postAs(operator, http, "/api/v1/sessions/" + session + "/finish",
        "{\"commands\":[]}", null);

    // then: every detected object came with a suggestion of the classifier
    assertThat(finished.getStatusCode()).as(finished.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(detected.path("objects")).isNotEmpty().allSatisfy(object -> {
      assertThat(CLASSES).contains(object.path("suggestedClassId").asText());
      assertThat(object.path("suggestedConfidence").asDouble()).isBetween(0.0, 1.0);
    });
    // and: the engine monitor reports the share of its suggestions the operator kept
    JsonNode suggestions = await().atMost(PATIENCE).until(() -> json.readTree(http.getForEntity(
            "/api/v1/model-quality/" + model, String.class).getBody()).path("versions").path(0).path("suggestions"),
        found -> found.path("checks").asInt() == 1);
    assertThat(suggestions.path("suggested").asInt()).isEqualTo(detected.path("objects").size());
    long kept = 0;
    for (JsonNode object : detected.path("objects")) {
      kept += object.path("suggestedClassId").asText().equals(object.path("classId").asText()) ? 1 : 0;
    }
    assertThat(suggestions.path("kept").asLong()).isEqualTo(kept);
    assertThat(json.readTree(http.getForEntity("/api/v1/tasks/" + task + "/events", String.class).getBody())
        .findValuesAsText("type")).containsSubsequence("ObjectsDetected", "ClassesSuggested", "OperatorFinished",
        "SuggestionsEvaluated", "TaskResultGenerated");
  }

  @Test
  void shouldHaveThePolicyGiveAReasonToRetrainOnceOperatorsVerifiedEnoughTasksSinceTheClassifierWasRegistered() throws Exception {
    // given: a class group whose classifier was just registered, nothing verified since
    String classGroup = "learning-policy-" + UUID.randomUUID().toString().substring(0, 8);
    weakChampion(classGroup);
    ClassifierRegistration classifier = registry.classifierFor(classGroup).orElseThrow();
    assertThat(policy.reason(classifier)).isEmpty();

    // when: operators verify 30 tasks of one object each (the ITs' policy: 20 tasks, or 200 objects)
    verifiedShelves(classGroup, CLASSES);
    projected(classGroup);

    // then: the policy, reading the tasks read model, says to retrain, and why
    assertThat(policy.reason(classifier)).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith(SHELVES + " tasks verified since " + classifier.registeredAt()).endsWith("(policy: 20)"));
  }

  @Test
  void shouldRefuseASecondRunWhileTheClassGroupsTrainingLockIsHeld() throws Exception {
    // given: another instance holds the training lock of a class group with verified tasks
    String classGroup = "learning-lock-" + UUID.randomUUID().toString().substring(0, 8);
    verifiedShelves(classGroup, CLASSES);
    projected(classGroup);
    try (Connection other = dataSource.getConnection();
        PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(17, hashtext(?))")) {
      lock.setString(1, classGroup);
      lock.execute();

      // when
      ResponseEntity<String> refused = JsonRequests.post(http, "/api/v1/models/" + classGroup + "/train", null,
          null);

      // then
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
      assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
      assertThat(refused.getBody()).contains("in progress");
      try (PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(17, hashtext(?))")) {
        unlock.setString(1, classGroup);
        unlock.execute();
      }
    }
    assertThat(json.readTree(http.getForEntity("/api/v1/models/" + classGroup + "/training-runs", String.class)
        .getBody())).isEmpty();
  }

  @Test
  void shouldSkipARunOfASingleClassWithItsReason() throws Exception {
    // given: verified shelves whose objects are all of one class
    String classGroup = "learning-single-" + UUID.randomUUID().toString().substring(0, 8);
    verifiedShelves(classGroup, List.of("cola"));
    projected(classGroup);

    // when
    ResponseEntity<String> started = JsonRequests.post(http, "/api/v1/models/" + classGroup + "/train",
        "{\"override\":true}", null);

    // then
    JsonNode run = finished(classGroup, json.readTree(started.getBody()).path("runId").asText());
    assertThat(run.path("status").asText()).isEqualTo("SKIPPED");
    assertThat(run.path("reason").asText()).contains("two or more");
    assertThat(run.path("challenger").isNull()).isTrue();
    assertThat(journal.readStream("model-" + classGroup).stream().map(RecordedEvent::type).toList())
        .containsExactly("TrainingRunStarted", "ModelTrainingSkipped", "TrainingRunFinished");
    assertThat(registry.classifierFor(classGroup)).isEmpty();
  }

  @Test
  void shouldAnswerNoSuggestionWhenTheClassGroupHasNoClassifier() throws Exception {
    // given
    String classGroup = "learning-none-" + UUID.randomUUID().toString().substring(0, 8);
    String operator = People.token(http, classGroup + "-bora", "operator");
    JsonRequests.put(http, "/api/v1/teams/" + classGroup,
        "{\"classGroups\":[\"%s\"],\"members\":[\"%s\"]}".formatted(classGroup, classGroup + "-bora"));
    String session = claimedNewTask(classGroup, operator, 0).session();

    // when
    ResponseEntity<String> answer = JsonRequests.postAs(operator, http, "/api/v1/sessions/" + session
        + "/suggestions", "{\"imageIndex\":0,\"box\":{\"x\":10,\"y\":10,\"w\":20,\"h\":20}}", null);
    ResponseEntity<String> badBox = JsonRequests.postAs(operator, http, "/api/v1/sessions/" + session
        + "/suggestions", "{\"imageIndex\":0,\"box\":{\"x\":10,\"y\":10,\"w\":0,\"h\":20}}", null);

    // then
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(badBox.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badBox.getHeaders().getContentType()).hasToString("application/problem+json");
  }

  @Test
  void shouldRefuseSuggestionsInAnotherOperatorsOrAReleasedOrFinishedSessionAndSayWhyAnUnreadableImageGetsNone()
      throws Exception {
    // given: a class group with a classifier, and an operator's session on a task whose image is not an image
    String classGroup = "learning-refused-" + UUID.randomUUID().toString().substring(0, 8);
    weakChampion(classGroup);
    String operator = People.token(http, classGroup + "-cem", "operator");
    String other = People.token(http, classGroup + "-deniz", "operator");
    JsonRequests.put(http, "/api/v1/teams/" + classGroup, "{\"classGroups\":[\"%s\"],\"members\":[\"%s\",\"%s\"]}"
        .formatted(classGroup, classGroup + "-cem", classGroup + "-deniz"));
    String session = claimedNewTask(classGroup, operator,
        "http://127.0.0.1:" + web.port() + "/not-an-image.png").session();
    String box = "{\"imageIndex\":0,\"box\":{\"x\":10,\"y\":10,\"w\":20,\"h\":20}}";

    // when
    ResponseEntity<String> unreadable = JsonRequests.postAs(operator, http,
        "/api/v1/sessions/" + session + "/suggestions", box, null);
    ResponseEntity<String> notTheirs = JsonRequests.postAs(other, http,
        "/api/v1/sessions/" + session + "/suggestions", box, null);
    JsonRequests.postAs(operator, http, "/api/v1/sessions/" + session + "/release", null, null);
    ResponseEntity<String> ended = JsonRequests.postAs(operator, http,
        "/api/v1/sessions/" + session + "/suggestions", box, null);
    String finishedSession = claimedNewTask(classGroup, operator, "http://127.0.0.1:" + web.port() + "/label.png")
        .session();
    JsonRequests.postAs(operator, http, "/api/v1/sessions/" + finishedSession + "/finish", "{\"commands\":[]}", null);
    ResponseEntity<String> finished = JsonRequests.postAs(operator, http,
        "/api/v1/sessions/" + finishedSession + "/suggestions", box, null);

    // then
    assertThat(unreadable.getStatusCode()).as(unreadable.getBody()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(unreadable.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(json.readTree(unreadable.getBody()).path("title").asText()).isEqualTo("Image unusable");
    assertThat(notTheirs.getStatusCode()).as(notTheirs.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(ended.getStatusCode()).as(ended.getBody()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(finished.getStatusCode()).as(finished.getBody()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void shouldRefuseToTrainAClassGroupWithNoFinishedTask() throws Exception {
    ResponseEntity<String> refused = JsonRequests.post(http, "/api/v1/models/learning-nothing-"
        + UUID.randomUUID().toString().substring(0, 8) + "/train", null, null);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(refused.getBody()).contains("no finished task");
  }

  /** Waits until the tasks read model lists every verified shelf of the class group as done. */
  private void projected(String classGroup) {
    await().atMost(PATIENCE).until(() -> json.readTree(http.getForEntity("/api/v1/tasks?status=DONE&classGroupKey="
        + classGroup + "&size=100", String.class).getBody()).path("total").asInt() == SHELVES);
  }

  /** Waits for the run to end and answers it as the training-runs endpoint lists it. */
  private JsonNode finished(String classGroup, String runId) {
    return await().atMost(PATIENCE).until(() -> {
      JsonNode runs = json.readTree(http.getForEntity("/api/v1/models/" + classGroup + "/training-runs",
          String.class).getBody());
      for (JsonNode run : runs) {
        if (run.path("runId").asText().equals(runId)) {
          return run;
        }
      }
      return null;
    }, run -> run != null && !run.path("status").asText().equals("RUNNING"));
  }

  /** A classifier trained on every shelf's product under the wrong class, registered as the class group's. */
  private void weakChampion(String classGroup) throws IOException {
    TrainedClassifier weak = trainedOn(1);
    String model = ClassifierRepository.modelName(classGroup);
    new ClassifierRepository(repository).write(model, 1, weak);
    control.activateClassifier(classGroup, new ModelRef(model, "1"), weak.features(), weak.classes(), "learning-it");
  }

  private static TrainedClassifier trainedOnShelves() {
    return trainedOn(0);
  }

  /** A classifier trained on the shelves' products, each under the class {@code shift} places after its own. */
  private static TrainedClassifier trainedOn(int shift) {
    ThumbnailHistogramFeatures features = new ThumbnailHistogramFeatures();
    List<LabelledFeatures> rows = new ArrayList<>();
    for (int i = 0; i < SHELVES; i++) {
      rows.add(new LabelledFeatures(CLASSES.get((i + shift) % CLASSES.size()),
          features.extract(IMAGES.get(i), PRODUCTS.get(i))));
    }
    return new ClassifierTrainer(ClassifierTrainer.Settings.defaults()).train(features, rows, 1);
  }

  /** One verified task per shelf image, finished in order: an operator drew the product under its class. */
  private void verifiedShelves(String classGroupKey, List<String> classes) {
    TaskEventCodec codec = new TaskEventCodec(json);
    ClassGroup classGroup = new ClassGroup(classGroupKey,
        classes.stream().map(id -> new ObjectClass(id, id)).toList());
    for (int i = 0; i < SHELVES; i++) {
      String taskId = UUID.randomUUID().toString();
      String session = "s1-" + taskId;
      AnnotatedObject product = new AnnotatedObject("s-0", 0, PRODUCTS.get(i), classes.get(i % classes.size()));
      List<TaskEvent> events = List.of(
          new TaskCreated(taskId, "product-detection", classGroup, List.of(image(i)), CALLBACK, null),
          new DetectionRequested(classGroupKey, null), new ModelNotFound(classGroupKey),
          new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND),
          new OperatorAssigned("ayse", session),
          new ObjectsAdded(session, List.of(product)),
          new OperatorFinished("ayse", session),
          new TaskResultGenerated(List.of(product), List.of()),
          new TaskReported(CALLBACK, 200));
      List<NewEvent> appended = new ArrayList<>();
      for (TaskEvent event : events) {
        StoredType type = TaskEventTypes.of(event);
        appended.add(new NewEvent(UUID.randomUUID(), type.name(), type.schemaVersion(), Instant.now(),
            codec.encode(event), new EventMetadata(taskId, null, "learning-it")));
      }
      journal.append("task-" + taskId, ExpectedVersion.NO_STREAM, appended);
    }
  }

  /** A new product-detection task of the class group on shelf {@code shelf}, claimed by the operator. */
  private Claimed claimedNewTask(String classGroup, String operator, int shelf) throws Exception {
    return claimedNewTask(classGroup, operator, image(shelf).toString());
  }

  /** A new product-detection task of the class group on {@code image}, claimed by the operator once it waits. */
  private Claimed claimedNewTask(String classGroup, String operator, String image) throws Exception {
    String task = json.readTree(JsonRequests.post(http, "/api/v1/tasks", """
        {"type":"product-detection","classGroup":{"key":"%s","classes":[%s]},
         "images":["%s"],"callbackUrl":"http://127.0.0.1:%d/callback"}""".formatted(classGroup,
        String.join(",", CLASSES.stream().map(id -> "{\"id\":\"%s\",\"name\":\"%s\"}".formatted(id, id)).toList()),
        image, web.port()), UUID.randomUUID().toString()).getBody()).path("id").asText();
    await().atMost(PATIENCE).until(() -> json.readTree(JsonRequests.getAs(operator, http,
        "/api/v1/inbox?classGroupKey=" + classGroup).getBody()).findValuesAsText("id").contains(task));
    return new Claimed(task, json.readTree(JsonRequests.postAs(operator, http, "/api/v1/inbox/" + task + "/claim",
        null, null).getBody()).path("sessionId").asText());
  }

  /** A task and the operator's session on it. */
  private record Claimed(String task, String session) {}

  /** A product's label, black text on its colour: what the text detector finds. */
  private static byte[] label() throws IOException {
    BufferedImage image = new BufferedImage(640, 320, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, 640, 320);
    graphics.setColor(COLOURS.getFirst());
    graphics.fillRect(80, 100, 480, 140);
    graphics.setColor(Color.BLACK);
    graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
    graphics.drawString("COLA 12.99", 120, 200);
    graphics.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }

  private static URI image(int shelf) {
    return URI.create("http://127.0.0.1:" + web.port() + "/shelf/" + shelf + ".png");
  }

  private static int jitter(int value, Random random) {
    return Math.max(0, Math.min(255, value + random.nextInt(61) - 30));
  }
}
