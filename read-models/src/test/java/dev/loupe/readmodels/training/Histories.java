package dev.loupe.readmodels.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.RecordedEvent;
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
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskEventTypes;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Task histories as the journal stores them, made from the domain's events: what the training data folds. */
final class Histories {

  static final TaskEventCodec CODEC = new TaskEventCodec(new ObjectMapper().findAndRegisterModules());
  static final ClassGroup SHELF = new ClassGroup("shelf",
      List.of(new ObjectClass("cola", "Cola"), new ObjectClass("water", "Water")));
  static final ModelRef MODEL = new ModelRef("shelf_detector", "3");
  static final Instant REPORTED = Instant.parse("2026-11-20T10:00:00Z");
  static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");

  private Histories() {}

  static List<TaskEvent> created(String taskId, int images) {
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      urls.add(URI.create("http://127.0.0.1:9/" + taskId + "/" + i + ".jpg"));
    }
    return List.of(new TaskCreated(taskId, "product-detection", SHELF, urls, CALLBACK, "acme"));
  }

  /** The model found {@code detected}; an operator checked it and moved the first object to {@code moved}. */
  static List<TaskEvent> checked(String taskId, List<DetectedObject> detected, Box moved) {
    List<TaskEvent> events = new ArrayList<>(created(taskId, 1));
    events.add(new DetectionRequested("shelf", MODEL));
    events.add(new ImagesMeasured(List.of(new ImageSize(0, 4000, 3000))));
    events.add(new ObjectsDetected(MODEL, detected));
    events.add(new QualityCheckDecided(true, "LOW_CONFIDENCE"));
    events.add(new AssistanceRequested(AssistanceReason.QUALITY_CHECK));
    events.add(new OperatorAssigned("ayse", "s-" + taskId));
    events.add(new ObjectsMoved("s-" + taskId, List.of(new ObjectMove(detected.getFirst().objectId(), moved))));
    events.add(new OperatorFinished("ayse", "s-" + taskId));
    return events;
  }

  /** No model: an operator drew {@code objects} on the task's two images, the second never measured. */
  static List<TaskEvent> drawn(String taskId, List<AnnotatedObject> objects) {
    List<TaskEvent> events = new ArrayList<>(created(taskId, 2));
    events.add(new DetectionRequested("shelf", null));
    events.add(new ModelNotFound("shelf"));
    events.add(new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND));
    events.add(new OperatorAssigned("bora", "s-" + taskId));
    events.add(new ImagesMeasured(List.of(new ImageSize(0, 1920, 1080))));
    events.add(new ObjectsAdded("s-" + taskId, objects));
    events.add(new OperatorFinished("bora", "s-" + taskId));
    return events;
  }

  /** The model's result, confident, which no operator saw. */
  static List<TaskEvent> automatic(String taskId, List<DetectedObject> detected) {
    List<TaskEvent> events = new ArrayList<>(created(taskId, 1));
    events.add(new DetectionRequested("shelf", MODEL));
    events.add(new ImagesMeasured(List.of(new ImageSize(0, 640, 480))));
    events.add(new ObjectsDetected(MODEL, detected));
    events.add(new QualityCheckDecided(false, "CONFIDENT"));
    return events;
  }

  /** The result generated from the task's objects now, and delivered. */
  static List<TaskEvent> reported(List<TaskEvent> history, List<AnnotatedObject> objects) {
    List<TaskEvent> events = new ArrayList<>(history);
    events.add(new TaskResultGenerated(objects, List.of()));
    events.add(new TaskReported(CALLBACK, 200));
    return events;
  }

  /** The events as the journal would hand them back, each an hour after the one before it ends at REPORTED. */
  static List<RecordedEvent> recorded(String taskId, List<TaskEvent> events) {
    List<RecordedEvent> stored = new ArrayList<>();
    for (int version = 0; version < events.size(); version++) {
      TaskEvent event = events.get(version);
      Instant at = REPORTED.minusSeconds(3600L * (events.size() - 1 - version));
      stored.add(new RecordedEvent(UUID.randomUUID(), "task-" + taskId, version, version, 1,
          TaskEventTypes.of(event).name(), 1, at, at, CODEC.encode(event), new EventMetadata(taskId, null, "test")));
    }
    return stored;
  }
}
