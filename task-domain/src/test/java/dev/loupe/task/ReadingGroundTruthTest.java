package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.task.TaskEvent.ReadingsEvaluated;
import dev.loupe.task.TaskEvent.TagReading;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingGroundTruthTest {

  private static final ModelRef RECOGNIZER = new ModelRef("text_recognition", "1");

  @Test
  void shouldCountAReadingTheOperatorLeftAsCorrect() {
    List<TagReading> read = List.of(new TagReading("t1", "12.99 TL", 0.7));

    assertThat(ReadingGroundTruth.compare(RECOGNIZER, read, read, 0))
        .isEqualTo(new ReadingsEvaluated(RECOGNIZER, 1, 1, 0, 8, 0));
  }

  @Test
  void shouldCountTheCharactersTheOperatorChanged() {
    List<TagReading> read = List.of(new TagReading("t1", "12.99 TL", 0.7), new TagReading("t2", "5,49", 0.5));
    List<TagReading> afterCheck = List.of(new TagReading("t1", "12.90 TL", 1.0), new TagReading("t2", "5.49 TL", 1.0));

    assertThat(ReadingGroundTruth.compare(RECOGNIZER, read, afterCheck, 0))
        .as("one substitution; one substitution and three insertions")
        .isEqualTo(new ReadingsEvaluated(RECOGNIZER, 2, 0, 5, 15, 0));
  }

  @Test
  void shouldCountTheSameTextTypedAgainAsCorrect() {
    List<TagReading> read = List.of(new TagReading("t1", "3.49", 0.6));

    assertThat(ReadingGroundTruth.compare(RECOGNIZER, read, List.of(new TagReading("t1", "3.49", 1.0)), 0))
        .isEqualTo(new ReadingsEvaluated(RECOGNIZER, 1, 1, 0, 4, 0));
  }

  @Test
  void shouldLeaveTheTextOfAMovedOrRemovedTagUnjudged() {
    List<TagReading> read = List.of(new TagReading("kept", "2.00", 0.9));

    assertThat(ReadingGroundTruth.compare(RECOGNIZER, read, List.of(new TagReading("kept", "2.00", 0.9)), 2))
        .isEqualTo(new ReadingsEvaluated(RECOGNIZER, 1, 1, 0, 4, 2));
  }
}
