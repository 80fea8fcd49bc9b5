package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.task.TaskEvent.ClassScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  @Test
  void shouldComputeIntersectionOverUnion() {
    assertThat(GroundTruth.iou(new Box(0, 0, 10, 10), new Box(0, 0, 10, 10))).isEqualTo(1.0);
    assertThat(GroundTruth.iou(new Box(0, 0, 10, 10), new Box(5, 0, 10, 10))).isCloseTo(50.0 / 150, within(1e-9));
    assertThat(GroundTruth.iou(new Box(0, 0, 10, 10), new Box(20, 20, 5, 5))).isZero();
  }

  @Test
  void shouldMatchEachTruthOnceByHighestOverlap() {
    List<AnnotatedObject> predicted = List.of(
        object("p1", 0, new Box(0, 0, 10, 10), "cola"),
        object("p2", 0, new Box(1, 0, 10, 10), "cola"),
        object("p3", 1, new Box(0, 0, 10, 10), "cola"));
    List<AnnotatedObject> truth = List.of(
        object("t1", 0, new Box(1, 0, 10, 10), "cola"),
        object("t2", 0, new Box(50, 50, 10, 10), "cola"));

    assertThat(GroundTruth.compare(predicted, truth, 0.5)).containsExactly(new ClassScore("cola", 1, 2, 1));
  }

  @Test
  void shouldCountARelabelledObjectAsFalsePositiveAndFalseNegative() {
    List<AnnotatedObject> predicted = List.of(object("p1", 0, new Box(0, 0, 10, 10), "cola"));
    List<AnnotatedObject> truth = List.of(object("p1", 0, new Box(0, 0, 10, 10), "water"));

    assertThat(GroundTruth.compare(predicted, truth, 0.5))
        .containsExactly(new ClassScore("cola", 0, 1, 0), new ClassScore("water", 0, 0, 1));
  }

  private static AnnotatedObject object(String id, int image, Box box, String classId) {
    return new AnnotatedObject(id, image, box, classId);
  }
}
