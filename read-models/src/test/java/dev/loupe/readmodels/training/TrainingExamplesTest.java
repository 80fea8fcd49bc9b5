package dev.loupe.readmodels.training;

import static dev.loupe.readmodels.training.Histories.CODEC;
import static dev.loupe.readmodels.training.Histories.MODEL;
import static dev.loupe.readmodels.training.Histories.REPORTED;
import static dev.loupe.readmodels.training.Histories.recorded;
import static dev.loupe.readmodels.training.Histories.reported;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.readmodels.training.TrainingExample.ExampleImage;
import dev.loupe.readmodels.training.TrainingExample.Origin;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finished tasks folded into training examples with the write side's fold. */
class TrainingExamplesTest {

  private static final DetectedObject COLA = new DetectedObject("det-0-0", 0, new Box(10, 20, 30, 40), "cola", 0.4);
  private static final Box MOVED = new Box(12, 22, 30, 40);

  @Test
  void shouldMakeACheckedExampleWithTheOperatorsObjectsAndTheModelThatPreLabelledThem() {
    AnnotatedObject corrected = new AnnotatedObject("det-0-0", 0, MOVED, "cola");
    List<TaskEvent> history = reported(Histories.checked("t1", List.of(COLA), MOVED), List.of(corrected));

    TrainingExample example = TrainingExamples.of(recorded("t1", history), CODEC).orElseThrow();

    assertThat(example.origin()).isEqualTo(Origin.CHECKED);
    assertThat(example.objects()).containsExactly(corrected);
    assertThat(example.verifiedBy()).isEqualTo("ayse");
    assertThat(example.preLabelledBy()).isEqualTo(MODEL);
    assertThat(example.finishedAt()).isEqualTo(REPORTED);
    assertThat(example.images()).containsExactly(
        new ExampleImage(0, URI.create("http://127.0.0.1:9/t1/0.jpg"), 4000, 3000));
  }

  @Test
  void shouldMakeADrawnExampleWithNoModelAndLeaveAnUnmeasuredImageWithoutSize() {
    List<AnnotatedObject> drawn = List.of(new AnnotatedObject("s-t2-a", 0, new Box(1, 2, 3, 4), "water"));

    TrainingExample example = TrainingExamples.of(recorded("t2", reported(Histories.drawn("t2", drawn), drawn)),
        CODEC).orElseThrow();

    assertThat(example.origin()).isEqualTo(Origin.DRAWN);
    assertThat(example.verifiedBy()).isEqualTo("bora");
    assertThat(example.preLabelledBy()).isNull();
    assertThat(example.images()).extracting(ExampleImage::measured).containsExactly(true, false);
  }

  @Test
  void shouldMakeAnUnverifiedExampleOfAnAutomaticResult() {
    List<TaskEvent> history = reported(Histories.automatic("t3", List.of(COLA)), List.of(COLA.annotated()));

    TrainingExample example = TrainingExamples.of(recorded("t3", history), CODEC).orElseThrow();

    assertThat(example.origin()).isEqualTo(Origin.AUTOMATIC);
    assertThat(example.verified()).isFalse();
    assertThat(example.verifiedBy()).isNull();
  }

  @Test
  void shouldMakeNoExampleOfATaskWhoseResultWasNotDeliveredOrThatIsReprocessed() {
    List<TaskEvent> unfinished = Histories.checked("t4", List.of(COLA), MOVED);
    List<TaskEvent> reprocessed = new ArrayList<>(reported(unfinished, List.of(COLA.annotated())));
    reprocessed.add(new TaskReprocessRequested("new model"));

    assertThat(TrainingExamples.of(recorded("t4", unfinished), CODEC)).isEmpty();
    assertThat(TrainingExamples.of(recorded("t4", reprocessed), CODEC)).isEmpty();
  }
}
