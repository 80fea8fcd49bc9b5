package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ClassGroup.ObjectClass;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ImageSize;
import dev.loupe.task.ModelRef;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ImagesMeasured;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectMove;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.ObjectsMoved;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskResentToOperator;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskEventTypes.StoredType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Training datasets through every real server: task streams in the journal, a dataset defined over REST at the
 * journal's position, exported as COCO and YOLO; a task corrected afterwards changes neither export of that dataset,
 * byte for byte, while a dataset defined after the correction has it.
 */
@LoupeIntegrationTest
class TrainingDataIT {

  private static final ModelRef MODEL = new ModelRef("shelf_detector", "3");
  private static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");
  private static final Box DETECTED = new Box(10, 20, 30, 40);
  private static final Box CORRECTED = new Box(110, 120, 30, 40);

  @Autowired private EventJournal journal;
  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @Test
  void shouldExportTheSameBytesForADatasetAfterATaskIsCorrectedAndTheCorrectionInADatasetDefinedLater()
      throws Exception {
    // given: a class group of its own with a checked task, a drawn task and an automatic one, all delivered
    Streams streams = new Streams("training-" + UUID.randomUUID().toString().substring(0, 8));
    String checked = streams.checked();
    String drawn = streams.drawn();
    streams.automatic();
    JsonNode before = define(streams.classGroup.key());
    byte[] coco = export(before, "coco");
    byte[] yolo = export(before, "yolo");

    // when: the checked task is sent back, and an operator moves its object
    streams.append(checked, new TaskResentToOperator("the box is off"),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK),
        new OperatorAssigned("cem", "s2-" + checked),
        new ObjectsMoved("s2-" + checked, List.of(new ObjectMove("det-0", CORRECTED))),
        new OperatorFinished("cem", "s2-" + checked),
        new TaskResultGenerated(List.of(new AnnotatedObject("det-0", 0, CORRECTED, "cola")), List.of()),
        new TaskReported(CALLBACK, 200));
    JsonNode after = define(streams.classGroup.key());

    // then: the first dataset exports the same bytes, and held the verified examples as they stood
    assertThat(export(before, "coco")).isEqualTo(coco);
    assertThat(export(before, "yolo")).isEqualTo(yolo);
    JsonNode cocoBefore = json.readTree(coco);
    assertThat(cocoBefore.path("images").findValuesAsText("file_name")).hasSize(2);
    assertThat(boxOf(cocoBefore, checked)).isEqualTo(List.of(10.0, 20.0, 30.0, 40.0));
    assertThat(boxOf(cocoBefore, drawn)).isEqualTo(List.of(5.0, 6.0, 7.0, 8.0));

    // and: the dataset defined after the correction has the moved box and the operator who verified it
    JsonNode cocoAfter = json.readTree(export(after, "coco"));
    assertThat(boxOf(cocoAfter, checked)).isEqualTo(List.of(110.0, 120.0, 30.0, 40.0));
    assertThat(entries(export(after, "yolo"))).containsKeys("classes.txt", "images.txt", "dataset.json")
        .containsEntry("classes.txt", "cola\nwater\n");
    assertThat(entries(yolo).get("labels/" + checked + "-0.txt"))
        .isNotEqualTo(entries(export(after, "yolo")).get("labels/" + checked + "-0.txt"));
  }

  @Test
  void shouldRefuseADatasetWhoseTimeRangeEndsBeforeItStarts() throws Exception {
    ResponseEntity<String> refused = JsonRequests.post(http, "/api/v1/datasets", """
        {"name":"backwards","classGroupKey":"shelf","finishedFrom":"2026-02-01T00:00:00Z",
         "finishedTo":"2026-01-01T00:00:00Z"}""", null);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(refused.getBody()).contains("finishedTo");
  }

  private JsonNode define(String classGroupKey) throws IOException {
    ResponseEntity<String> defined = JsonRequests.post(http, "/api/v1/datasets",
        "{\"name\":\"shelf %s\",\"classGroupKey\":\"%s\"}".formatted(Instant.now(), classGroupKey), null);
    assertThat(defined.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return json.readTree(defined.getBody());
  }

  private byte[] export(JsonNode dataset, String format) {
    ResponseEntity<byte[]> exported = http.getForEntity(
        "/api/v1/datasets/" + dataset.path("id").asText() + "/" + format, byte[].class);
    assertThat(exported.getStatusCode()).isEqualTo(HttpStatus.OK);
    return exported.getBody();
  }

  /** The COCO bbox of the (only) annotation on the task's first image. */
  private static List<Double> boxOf(JsonNode coco, String taskId) {
    long imageId = -1;
    for (JsonNode image : coco.path("images")) {
      if (image.path("loupe_task_id").asText().equals(taskId)) {
        imageId = image.path("id").asLong();
      }
    }
    List<Double> box = new ArrayList<>();
    for (JsonNode annotation : coco.path("annotations")) {
      if (annotation.path("image_id").asLong() == imageId) {
        annotation.path("bbox").forEach(side -> box.add(side.asDouble()));
      }
    }
    return box;
  }

  private static Map<String, String> entries(byte[] zip) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }

  /** Task streams of one class group appended to the journal, each image at its own URL naming its task. */
  private final class Streams {
    private final TaskEventCodec codec = new TaskEventCodec(json);
    private final Map<String, Long> versions = new TreeMap<>();
    private final ClassGroup classGroup;

    Streams(String classGroupKey) {
      this.classGroup = new ClassGroup(classGroupKey,
          List.of(new ObjectClass("cola", "Cola"), new ObjectClass("water", "Water")));
    }

    /** The model found an unsure object; an operator checked it unchanged. */
    String checked() {
      String taskId = created();
      DetectedObject object = new DetectedObject("det-0", 0, DETECTED, "cola", 0.4);
      append(taskId, new DetectionRequested(classGroup.key(), MODEL),
          new ImagesMeasured(List.of(new ImageSize(0, 4000, 3000))),
          new ObjectsDetected(MODEL, List.of(object)),
          new QualityCheckDecided(true, "LOW_CONFIDENCE"),
          new AssistanceRequested(AssistanceReason.QUALITY_CHECK),
          new OperatorAssigned("ayse", "s1-" + taskId),
          new OperatorFinished("ayse", "s1-" + taskId));
      reported(taskId, List.of(object.annotated()));
      return taskId;
    }

    /** No model: an operator drew one object. */
    String drawn() {
      String taskId = created();
      AnnotatedObject object = new AnnotatedObject("s-" + taskId + "-0", 0, new Box(5, 6, 7, 8), "water");
      append(taskId, new DetectionRequested(classGroup.key(), null), new ModelNotFound(classGroup.key()),
          new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND),
          new OperatorAssigned("bora", "s1-" + taskId),
          new ImagesMeasured(List.of(new ImageSize(0, 1920, 1080))),
          new ObjectsAdded("s1-" + taskId, List.of(object)),
          new OperatorFinished("bora", "s1-" + taskId));
      reported(taskId, List.of(object));
      return taskId;
    }

    /** A confident automatic result no operator saw: not verified, so not in a verified-only dataset. */
    void automatic() {
      String taskId = created();
      DetectedObject object = new DetectedObject("det-0", 0, DETECTED, "cola", 0.95);
      append(taskId, new DetectionRequested(classGroup.key(), MODEL),
          new ObjectsDetected(MODEL, List.of(object)),
          new QualityCheckDecided(false, "CONFIDENT"));
      reported(taskId, List.of(object.annotated()));
    }

    private String created() {
      String taskId = UUID.randomUUID().toString();
      versions.put(taskId, -1L);
      append(taskId, new TaskCreated(taskId, "product-detection", classGroup,
          List.of(URI.create("http://127.0.0.1:9/" + taskId + "/0.jpg")), CALLBACK, null));
      return taskId;
    }

    private void reported(String taskId, List<AnnotatedObject> objects) {
      append(taskId, new TaskResultGenerated(objects, List.of()), new TaskReported(CALLBACK, 200));
    }

    void append(String taskId, TaskEvent... events) {
      long version = versions.get(taskId);
      List<NewEvent> appended = new ArrayList<>();
      for (TaskEvent event : events) {
        StoredType type = TaskEventTypes.of(event);
        appended.add(new NewEvent(UUID.randomUUID(), type.name(), type.schemaVersion(), Instant.now(),
            codec.encode(event), new EventMetadata(taskId, null, "training-data-it")));
      }
      journal.append("task-" + taskId, version < 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exactly(version),
          appended);
      versions.put(taskId, version + events.length);
    }
  }
}
