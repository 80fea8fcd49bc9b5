package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ImageSize;
import dev.loupe.task.ModelRef;
import dev.loupe.task.Task;
import dev.loupe.task.TaskCommand;
import dev.loupe.task.TaskCommand.RecordDetection;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import io.camunda.client.api.response.ActivatedJob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;

/** Detection records what the model found; the class group's classifier suggests nothing here (ADR 0036). */
class DetectObjectsWorkerTest {

  private static final URI IMAGE = URI.create("http://127.0.0.1:9/shelf.png");
  private static final ModelRef DETECTOR = new ModelRef("text_detection", "1");
  private static final Box FOUND = new Box(10, 10, 40, 30);

  private final TaskRepository tasks = mock(TaskRepository.class);
  private final ImageFetcher images = mock(ImageFetcher.class);
  private final ObjectDetector detector = mock(ObjectDetector.class);
  private final ActivatedJob job = mock(ActivatedJob.class);
  private final ClassGroup drinks = new ClassGroup("drinks", List.of(new ClassGroup.ObjectClass("item", "Item")));
  private DetectObjectsWorker worker;

  @BeforeEach
  void aTaskWhoseDetectorFindsOneBox() {
    @SuppressWarnings("unchecked")
    ObjectProvider<ObjectDetector> detectors = mock(ObjectProvider.class);
    when(detectors.getIfAvailable()).thenReturn(detector);
    worker = new DetectObjectsWorker(tasks, images, detectors, new InferenceSlots(1, new SimpleMeterRegistry()));
    TaskState created = Task.evolve(TaskState.initial("t1"), new TaskCreated("t1", "product-detection", drinks,
        List.of(IMAGE), URI.create("http://127.0.0.1:9/callback"), null));
    when(tasks.load("t1")).thenReturn(Task.evolve(created, new DetectionRequested("drinks", DETECTOR)));
    BufferedImage pixels = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
    when(images.download(IMAGE)).thenReturn(new ImageFetcher.Downloaded(IMAGE, new byte[0]));
    when(images.decode(any())).thenReturn(pixels);
    when(detector.detect(eq(DETECTOR), eq(pixels), eq(drinks))).thenReturn(List.of(new Detection(FOUND, "item", 0.9),
        new Detection(new Box(50, 10, 20, 20), "not-in-the-group", 0.9)));
    when(job.getKey()).thenReturn(42L);
    when(job.getType()).thenReturn("loupe.detect-objects");
    when(job.getVariablesAsMap()).thenReturn(Map.of());
  }

  @Test
  void shouldRecordTheDetectedBoxesOfTheClassGroupWithoutSuggestionsAndTheImagesSize() {
    worker.detectObjects(job, "t1");

    ArgumentCaptor<TaskCommand> command = ArgumentCaptor.forClass(TaskCommand.class);
    verify(tasks).execute(eq("t1"), command.capture(), anyString(), anyString());
    RecordDetection recorded = (RecordDetection) command.getValue();
    assertThat(recorded.objects()).extracting(DetectedObject::box, DetectedObject::suggestedClassId)
        .containsExactly(tuple(FOUND, null));
    assertThat(recorded.imageSizes()).containsExactly(new ImageSize(0, 100, 80));
  }

  @Test
  void shouldRecordNothingForARetriedJobWhoseDetectionIsRecorded() {
    TaskState detected = Task.evolve(tasks.load("t1"), new TaskEvent.ObjectsDetected(DETECTOR,
        List.of(new DetectedObject("det-0-0", 0, FOUND, "item", 0.9))));
    when(tasks.load("t1")).thenReturn(detected);

    worker.detectObjects(job, "t1");

    verify(tasks, never()).execute(anyString(), any(), anyString(), anyString());
  }
}
