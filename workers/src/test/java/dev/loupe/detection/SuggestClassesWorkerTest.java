package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loupe.inference.InferenceException;
import dev.loupe.models.BoxClassifier;
import dev.loupe.models.BoxClassifier.Suggestion;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ModelRef;
import dev.loupe.task.Task;
import dev.loupe.task.TaskCommand;
import dev.loupe.task.TaskCommand.SuggestClasses;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.ClassSuggestion;
import dev.loupe.task.TaskEvent.ClassesSuggested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The suggestion step of the product-detection recipe, on a task whose detector found objects on two images. */
class SuggestClassesWorkerTest {

  private static final URI FIRST = URI.create("http://127.0.0.1:9/shelf-0.png");
  private static final URI SECOND = URI.create("http://127.0.0.1:9/shelf-1.png");
  private static final ModelRef DETECTOR = new ModelRef("shelf_detector", "1");
  private static final ModelRef CLASSIFIER = new ModelRef("classifier-drinks", "3");
  private static final Box LEFT = new Box(10, 10, 40, 30);
  private static final Box RIGHT = new Box(60, 10, 30, 30);
  private static final ClassifierRegistration REGISTERED = new ClassifierRegistration("drinks", CLASSIFIER,
      "thumb8-hist8-v1", List.of("cola", "water", "beer"), Instant.EPOCH);

  private final TaskRepository tasks = mock(TaskRepository.class);
  private final ImageFetcher images = mock(ImageFetcher.class);
  private final BoxClassifier classifier = mock(BoxClassifier.class);
  private final ActivatedJob job = mock(ActivatedJob.class);
  private final BufferedImage firstPixels = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
  private final BufferedImage secondPixels = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
  private TaskState checked;
  private SuggestClassesWorker worker;

  @BeforeEach
  void aDetectionAnOperatorWillCheck() {
    worker = new SuggestClassesWorker(tasks, images, new InferenceSlots(1, new SimpleMeterRegistry()), classifier);
    ClassGroup drinks = new ClassGroup("drinks", List.of(new ClassGroup.ObjectClass("cola", "Cola"),
        new ClassGroup.ObjectClass("water", "Water")));
    checked = fold(new TaskCreated("t1", "product-detection", drinks, List.of(FIRST, SECOND),
            URI.create("http://127.0.0.1:9/callback"), null),
        new DetectionRequested("drinks", DETECTOR),
        new ObjectsDetected(DETECTOR, List.of(new DetectedObject("det-0-0", 0, LEFT, "cola", 0.4),
            new DetectedObject("det-0-1", 0, RIGHT, "cola", 0.4), new DetectedObject("det-1-2", 1, LEFT, "cola", 0.4))),
        new QualityCheckDecided(true, "LOW_CONFIDENCE"));
    when(tasks.load("t1")).thenReturn(checked);
    when(classifier.classifierFor("drinks")).thenReturn(Optional.of(REGISTERED));
    ImageFetcher.Downloaded first = new ImageFetcher.Downloaded(FIRST, new byte[] {0});
    ImageFetcher.Downloaded second = new ImageFetcher.Downloaded(SECOND, new byte[] {1});
    when(images.download(FIRST)).thenReturn(first);
    when(images.download(SECOND)).thenReturn(second);
    when(images.decode(first)).thenReturn(firstPixels);
    when(images.decode(second)).thenReturn(secondPixels);
    when(job.getKey()).thenReturn(42L);
    when(job.getType()).thenReturn("loupe.suggest-classes");
    when(job.getRetries()).thenReturn(3);
    when(job.getVariablesAsMap()).thenReturn(Map.of());
  }

  @Test
  void shouldRecordTheClassifiersSuggestionForEachObjectImageByImageLeavingOutClassesOutsideTheGroup() {
    // given: on the first image, one box gets a class the group has and one a class it no longer has
    when(classifier.suggest(REGISTERED, firstPixels, List.of(LEFT, RIGHT))).thenReturn(List.of(
        new Suggestion("water", 0.8, CLASSIFIER), new Suggestion("beer", 0.7, CLASSIFIER)));
    when(classifier.suggest(REGISTERED, secondPixels, List.of(LEFT)))
        .thenReturn(List.of(new Suggestion("cola", 0.6, CLASSIFIER)));

    // when
    worker.suggestClasses(job, "t1");

    // then
    SuggestClasses recorded = recorded();
    assertThat(recorded.classifier()).isEqualTo(CLASSIFIER);
    assertThat(recorded.suggestions()).containsExactly(new ClassSuggestion("det-0-0", "water", 0.8),
        new ClassSuggestion("det-1-2", "cola", 0.6));
    assertThat(Task.decide(recorded, checked)).as("the task accepts them")
        .containsExactly(new ClassesSuggested(CLASSIFIER, recorded.suggestions()));
  }

  @Test
  void shouldLetTheCheckGoOnWithoutSuggestionsWhenTheClassifierCannotRunOrAnswersWhatItsRegistrationDoesNotFit() {
    when(classifier.suggest(any(), any(), anyList()))
        .thenThrow(new InferenceException(Status.Code.UNAVAILABLE, "model server restarting", null))
        .thenThrow(new IndexOutOfBoundsException("the model answered 4 classes, its registration lists 3"));
    worker.suggestClasses(job, "t1");
    worker.suggestClasses(job, "t1");
    doReturn(List.of(new Suggestion("cola", Double.NaN, CLASSIFIER), new Suggestion("cola", 1.5, CLASSIFIER)))
        .when(classifier).suggest(any(), any(), anyList());
    worker.suggestClasses(job, "t1");

    verify(tasks, never()).execute(anyString(), any(), anyString(), anyString());
  }

  @Test
  void shouldFailTheJobWhenAnImageCannotBeDownloadedForNowAndGoOnWithoutSuggestionsOnTheLastTry() {
    when(images.download(SECOND)).thenThrow(new DetectionFailed("image shelf-1 could not be fetched: 503"));
    when(classifier.suggest(any(), any(), anyList())).thenReturn(List.of(new Suggestion("cola", 0.6, CLASSIFIER),
        new Suggestion("cola", 0.6, CLASSIFIER)));

    assertThatThrownBy(() -> worker.suggestClasses(job, "t1")).isInstanceOf(DetectionFailed.class);
    when(job.getRetries()).thenReturn(1);
    worker.suggestClasses(job, "t1");

    verify(tasks, never()).execute(anyString(), any(), anyString(), anyString());
  }

  @Test
  void shouldRecordNothingForATaskAlreadySuggestedOrWhoseClassifierWasUnregistered() {
    when(tasks.load("t1")).thenReturn(Task.evolve(checked, new ClassesSuggested(CLASSIFIER,
        List.of(new ClassSuggestion("det-0-0", "cola", 0.9)))));
    worker.suggestClasses(job, "t1");
    when(tasks.load("t1")).thenReturn(checked);
    when(classifier.classifierFor("drinks")).thenReturn(Optional.empty());
    worker.suggestClasses(job, "t1");

    verify(tasks, never()).execute(anyString(), any(), anyString(), anyString());
    verify(classifier, never()).suggest(any(), any(), anyList());
  }

  private SuggestClasses recorded() {
    ArgumentCaptor<TaskCommand> command = ArgumentCaptor.forClass(TaskCommand.class);
    verify(tasks).execute(eq("t1"), command.capture(), anyString(), anyString());
    assertThat(command.getValue()).isInstanceOf(SuggestClasses.class);
    return (SuggestClasses) command.getValue();
  }

  private static TaskState fold(TaskEvent... events) {
    return Arrays.stream(events).reduce(TaskState.initial("t1"), Task::evolve, (left, right) -> right);
  }
}
