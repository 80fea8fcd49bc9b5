package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loupe.models.BoxClassifier;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.recipes.JobTypes;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.DetectedObject;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Detection records what the model found and tells the recipe whether the class group's classifier is to suggest
 * classes for it: the variable the product-detection recipe's classifier gateway reads.
 */
class DetectObjectsWorkerTest {

  private static final URI IMAGE = URI.create("http://127.0.0.1:9/shelf.png");
  private static final ModelRef DETECTOR = new ModelRef("text_detection", "1");
  private static final ModelRef CLASSIFIER = new ModelRef("classifier-drinks", "3");
  private static final Box FOUND = new Box(10, 10, 40, 30);
  private static final ClassifierRegistration REGISTERED = new ClassifierRegistration("drinks", CLASSIFIER,
      "thumb8-hist8-v1", List.of("item"), Instant.EPOCH);

  private final TaskRepository tasks = mock(TaskRepository.class);
  private final ImageFetcher images = mock(ImageFetcher.class);
  private final ObjectDetector detector = mock(ObjectDetector.class);
  private final BoxClassifier classifier = mock(BoxClassifier.class);
  private final ActivatedJob job = mock(ActivatedJob.class);
  private final ClassGroup drinks = new ClassGroup("drinks", List.of(new ClassGroup.ObjectClass("item", "Item")));
  private BufferedImage pixels;
  private DetectObjectsWorker worker;

  @BeforeEach
  void aTaskWhoseDetectorFindsOneBox() {
    @SuppressWarnings("unchecked")
    ObjectProvider<ObjectDetector> detectors = mock(ObjectProvider.class);
    when(detectors.getIfAvailable()).thenReturn(detector);
    worker = new DetectObjectsWorker(tasks, images, detectors, new InferenceSlots(1, new SimpleMeterRegistry()),
        classifier);
    TaskState created = Task.evolve(TaskState.initial("t1"), new TaskCreated("t1", "product-detection", drinks,
        List.of(IMAGE), URI.create("http://127.0.0.1:9/callback"), null));
    when(tasks.load("t1")).thenReturn(Task.evolve(created, new DetectionRequested("drinks", DETECTOR)));
    pixels = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
    when(images.download(IMAGE)).thenReturn(new ImageFetcher.Downloaded(IMAGE, new byte[0]));
    when(images.decode(any())).thenReturn(pixels);
    when(detector.detect(eq(DETECTOR), eq(pixels), eq(drinks))).thenReturn(List.of(new Detection(FOUND, "item", 0.9)));
    when(job.getKey()).thenReturn(42L);
    when(job.getType()).thenReturn("loupe.detect-objects");
    when(job.getVariablesAsMap()).thenReturn(Map.of());
  }

  @Test
  void shouldRecordTheDetectedBoxesAndNoSuggestionStepWhenTheClassGroupHasNoClassifier() {
    when(classifier.classifierFor("drinks")).thenReturn(Optional.empty());

    Map<String, Object> variables = worker.detectObjects(job, "t1");

    assertThat(recorded().objects()).extracting(DetectedObject::box, DetectedObject::suggestedClassId)
        .containsExactly(tuple(FOUND, null));
    assertThat(variables).containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, false);
  }

  @Test
  void shouldRecordTheDetectedBoxesWithoutSuggestionsAndAskForTheSuggestionStepWhenTheClassGroupHasAClassifier() {
    when(classifier.classifierFor("drinks")).thenReturn(Optional.of(REGISTERED));

    Map<String, Object> variables = worker.detectObjects(job, "t1");

    assertThat(recorded().objects()).extracting(DetectedObject::box, DetectedObject::suggestedClassId)
        .containsExactly(tuple(FOUND, null));
    assertThat(variables).containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, true);
    verify(classifier, never()).suggest(any(), any(), anyList());
  }

  @Test
  void shouldAskForNoSuggestionStepWhenTheModelFoundNothing() {
    when(classifier.classifierFor("drinks")).thenReturn(Optional.of(REGISTERED));
    when(detector.detect(eq(DETECTOR), eq(pixels), eq(drinks))).thenReturn(List.of());

    Map<String, Object> variables = worker.detectObjects(job, "t1");

    assertThat(recorded().objects()).isEmpty();
    assertThat(variables).containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, false);
  }

  @Test
  void shouldAnswerARetriedJobFromTheDetectionAlreadyRecorded() {
    when(classifier.classifierFor("drinks")).thenReturn(Optional.of(REGISTERED));
    TaskState detected = Task.evolve(tasks.load("t1"), new TaskEvent.ObjectsDetected(DETECTOR,
        List.of(new DetectedObject("det-0-0", 0, FOUND, "item", 0.9))));
    when(tasks.load("t1")).thenReturn(detected);

    Map<String, Object> variables = worker.detectObjects(job, "t1");

    verify(tasks, never()).execute(anyString(), any(), anyString(), anyString());
    assertThat(variables).containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, true);
  }

  private RecordDetection recorded() {
    ArgumentCaptor<TaskCommand> command = ArgumentCaptor.forClass(TaskCommand.class);
    verify(tasks).execute(eq("t1"), command.capture(), anyString(), anyString());
    assertThat(command.getValue()).isInstanceOf(RecordDetection.class);
    return (RecordDetection) command.getValue();
  }
}
