package dev.loupe.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.loupe.clients.ClientRegistry;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.models.ModelRegistry;
import dev.loupe.recipes.JobTypes;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ModelRef;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskTypes;
import io.camunda.client.api.response.ActivatedJob;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision's variables the product-detection recipe's gateways read: {@code qualityCheck}, and
 * {@code suggestClasses}, which sends a checked detection through the classifier's suggestions first.
 */
class DecideQualityCheckWorkerTest {

  private static final ModelRef DETECTOR = new ModelRef("shelf_detector", "1");
  private static final ClassGroup DRINKS = new ClassGroup("drinks", List.of(new ClassGroup.ObjectClass("cola", "Cola")));
  private static final ClassifierRegistration CLASSIFIER = new ClassifierRegistration("drinks",
      new ModelRef("classifier-drinks", "2"), "thumb8-hist8-grad4x4-v1", List.of("cola"), Instant.EPOCH);
  private static final DetectedObject UNSURE = new DetectedObject("det-0-0", 0, new Box(1, 1, 9, 9), "cola", 0.1);

  private final TaskRepository tasks = mock(TaskRepository.class);
  private final ModelRegistry models = mock(ModelRegistry.class);
  private final ActivatedJob job = mock(ActivatedJob.class);
  private final DecideQualityCheckWorker worker =
      new DecideQualityCheckWorker(tasks, models, mock(ClientRegistry.class), 0, 0.5, 0.8);

  @BeforeEach
  void aClassGroupWithAClassifier() {
    when(models.find("drinks")).thenReturn(Optional.empty());
    when(models.classifierFor("drinks")).thenReturn(Optional.of(CLASSIFIER));
    when(job.getKey()).thenReturn(7L);
    when(job.getType()).thenReturn(JobTypes.DECIDE_QUALITY_CHECK);
  }

  @Test
  void shouldSuggestClassesFirstWhenADetectionWithObjectsIsCheckedAndItsClassGroupHasAClassifier() {
    assertThat(decide(TaskTypes.PRODUCT_DETECTION, true, UNSURE))
        .containsEntry("qualityCheck", true).containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, true);
  }

  @Test
  void shouldNotSuggestClassesForAConfidentResultNoObjectsAPriceTagReadingOrAClassGroupWithoutClassifier() {
    assertThat(decide(TaskTypes.PRODUCT_DETECTION, false, UNSURE))
        .containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, false);
    assertThat(decide(TaskTypes.PRODUCT_DETECTION, true)).containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, false);
    assertThat(decide(TaskTypes.PRICE_TAG_READING, true, UNSURE))
        .containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, false);
    when(models.classifierFor("drinks")).thenReturn(Optional.empty());
    assertThat(decide(TaskTypes.PRODUCT_DETECTION, true, UNSURE))
        .containsEntry(JobTypes.SUGGEST_CLASSES_VARIABLE, false);
  }

  /** The worker's variables for a detected task of {@code type} whose decision was {@code required}. */
  private Map<String, Object> decide(String type, boolean required, DetectedObject... found) {
    TaskState detected = fold(new TaskCreated("t1", type, DRINKS, List.of(URI.create("http://127.0.0.1:9/0.png")),
        URI.create("http://127.0.0.1:9/callback"), null), new DetectionRequested("drinks", DETECTOR),
        new ObjectsDetected(DETECTOR, List.of(found)));
    when(tasks.load("t1")).thenReturn(detected);
    when(tasks.latest("t1", QualityCheckDecided.class))
        .thenReturn(Optional.of(new QualityCheckDecided(required, required ? "LOW_CONFIDENCE" : "CONFIDENT")));
    return worker.decideQualityCheck(job, "t1");
  }

  private static TaskState fold(TaskEvent... events) {
    return Arrays.stream(events).reduce(TaskState.initial("t1"), Task::evolve, (left, right) -> right);
  }
}
