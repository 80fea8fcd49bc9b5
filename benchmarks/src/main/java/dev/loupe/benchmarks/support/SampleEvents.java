package dev.loupe.benchmarks.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** The benchmark's events: a task submission (the common, small event) and a fat ObjectsDetected. */
public final class SampleEvents {

  public static final String TASK_SUBMITTED = "TaskSubmitted";
  public static final String OBJECTS_DETECTED = "ObjectsDetected";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a client asked for: the small event every append benchmark writes. */
  public record TaskSubmitted(
      String taskId, String type, ClassGroup classGroup, List<String> images, String callbackUrl, String idempotencyKey) {}

  public record ClassGroup(String key, List<TaskClass> classes) {}

  public record TaskClass(String id, String name) {}

  /** What a model or an operator found: the fat event, one object per box. */
  public record ObjectsDetected(List<DetectedObject> objects) {}

  public record DetectedObject(String objectId, int imageIndex, String classId, double score, Box box) {}

  public record Box(int x, int y, int w, int h) {}

  private SampleEvents() {}

  /** {@code count} task submissions of one stream, fresh ids. */
  public static List<SampleEvent> taskSubmissions(int count) {
    List<SampleEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(taskSubmitted());
    }
    return events;
  }

  public static SampleEvent taskSubmitted() {
    UUID eventId = UUID.randomUUID();
    String taskId = UUID.randomUUID().toString();
    TaskSubmitted payload = new TaskSubmitted(
        taskId,
        "product-detection",
        new ClassGroup("beverages", List.of(
            new TaskClass("cola-330", "Cola 330ml can"),
            new TaskClass("cola-500", "Cola 500ml bottle"),
            new TaskClass("water-500", "Still water 500ml"))),
        List.of("https://images.example.com/stores/0042/shelf-07/2025-06-01T10-15-00.jpg",
            "https://images.example.com/stores/0042/shelf-08/2025-06-01T10-15-02.jpg"),
        "https://client.example.com/loupe/callback",
        "shelf-" + eventId);
    return new SampleEvent(eventId, TASK_SUBMITTED, Instant.now(), payload, taskId, "request:" + eventId,
        "client:benchmark");
  }

  /** An ObjectsDetected with {@code boxes} objects spread over 20 images; the same objects for the same seed. */
  public static SampleEvent objectsDetected(int boxes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<DetectedObject> objects = new ArrayList<>(boxes);
    String[] classes = {"cola-330", "cola-500", "water-500", "juice-1000", "other"};
    for (int i = 0; i < boxes; i++) {
      objects.add(new DetectedObject(
          new UUID(random.nextLong(), random.nextLong()).toString(),
          i % 20,
          classes[random.nextInt(classes.length)],
          Math.round(random.nextDouble() * 10_000) / 10_000.0,
          new Box(random.nextInt(4000), random.nextInt(3000), 20 + random.nextInt(300), 20 + random.nextInt(500))));
    }
    String taskId = UUID.randomUUID().toString();
    return new SampleEvent(UUID.randomUUID(), OBJECTS_DETECTED, Instant.now(), new ObjectsDetected(objects), taskId,
        "job:" + taskId, "worker:detect-objects");
  }

  /** The payload as the JSON object every system stores. */
  public static String json(Object payload) {
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload " + payload.getClass().getSimpleName() + " is not serializable", e);
    }
  }
}
