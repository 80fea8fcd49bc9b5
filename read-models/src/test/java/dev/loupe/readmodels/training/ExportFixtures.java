package dev.loupe.readmodels.training;

import static dev.loupe.readmodels.training.Histories.CODEC;
import static dev.loupe.readmodels.training.Histories.recorded;
import static dev.loupe.readmodels.training.Histories.reported;

import dev.loupe.journal.JournalPosition;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.TaskEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A small dataset to export: a checked task, a drawn task with an unmeasured image, an automatic result. */
final class ExportFixtures {

  static final Dataset DATASET = new Dataset(UUID.fromString("00000000-0000-0000-0000-000000000001"), "shelves",
      new DatasetQuery("shelf", null, null, false), new JournalPosition(42, 0),
      Instant.parse("2026-12-01T00:00:00Z"), "ml");
  static final List<TrainingExample> EXAMPLES = List.of(
      example("a", reported(Histories.checked("a", List.of(
          new DetectedObject("d0", 0, new Box(100, 200, 300, 400), "cola", 0.4),
          new DetectedObject("d1", 0, new Box(0, 0, 4000, 3000), "water", 0.9)), new Box(101.5, 202.25, 300, 400)),
          List.of(new AnnotatedObject("d0", 0, new Box(101.5, 202.25, 300, 400), "cola"),
              new AnnotatedObject("d1", 0, new Box(0, 0, 4000, 3000), "water")))),
      example("b", reported(Histories.drawn("b", List.of(
          new AnnotatedObject("s-b-0", 0, new Box(10, 10, 20, 20), "water"),
          new AnnotatedObject("s-b-1", 1, new Box(5, 5, 5, 5), "cola"))),
          List.of(new AnnotatedObject("s-b-0", 0, new Box(10, 10, 20, 20), "water"),
              new AnnotatedObject("s-b-1", 1, new Box(5, 5, 5, 5), "cola")))),
      example("c", reported(Histories.automatic("c", List.of()), List.of())));

  private ExportFixtures() {}

  static ExampleSource source() {
    return (examples, unreadable) -> {
      EXAMPLES.forEach(examples);
      unreadable.accept("task-broken");
    };
  }

  private static TrainingExample example(String taskId, List<TaskEvent> history) {
    return TrainingExamples.of(recorded(taskId, history), CODEC).orElseThrow();
  }
}
