package dev.loupe.readmodels.training;

import dev.loupe.journal.RecordedEvent;
import dev.loupe.readmodels.training.TrainingExample.ExampleImage;
import dev.loupe.readmodels.training.TrainingExample.Origin;
import dev.loupe.task.ImageSize;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds a task's stream into a training example with the write side's own fold ({@link Task#evolve}): a task is an
 * example while its run's result is delivered (DONE), with the result's objects. A reprocess starts a run with no
 * result yet; a task sent back to an operator is an example again once its new result is delivered.
 */
public final class TrainingExamples {

  private TrainingExamples() {}

  /**
   * The example a task's events (in version order) make, if its run ended with a delivered result.
   *
   * @throws IllegalArgumentException when an event cannot be read as a task event
   */
  public static Optional<TrainingExample> of(List<RecordedEvent> stream, TaskEventCodec codec) {
    if (stream.isEmpty()) {
      return Optional.empty();
    }
    TaskState state = TaskState.initial(stream.getFirst().streamId().substring("task-".length()));
    String verifiedBy = null;
    Instant finishedAt = null;
    for (RecordedEvent recorded : stream) {
      TaskEvent event = codec.decode(recorded.eventId().toString(), recorded.type(), recorded.schemaVersion(),
          recorded.payloadJson());
      state = Task.evolve(state, event, recorded.version());
      switch (event) {
        case OperatorFinished finished -> verifiedBy = finished.operatorId();
        case TaskReprocessRequested reprocess -> {
          verifiedBy = null;
          finishedAt = null;
        }
        case TaskReported reported -> finishedAt = recorded.eventTime();
        default -> { }
      }
    }
    if (state.status() != TaskStatus.DONE) {
      return Optional.empty();
    }
    Origin origin = verifiedBy == null ? Origin.AUTOMATIC : state.operatorChecked() ? Origin.CHECKED : Origin.DRAWN;
    return Optional.of(new TrainingExample(state.taskId(), state.classGroup(), images(state), state.result(),
        verifiedBy, origin == Origin.DRAWN ? null : state.model(), origin, finishedAt));
  }

  private static List<ExampleImage> images(TaskState state) {
    List<ExampleImage> images = new ArrayList<>();
    for (int i = 0; i < state.images().size(); i++) {
      Optional<ImageSize> size = state.sizeOf(i);
      images.add(new ExampleImage(i, state.images().get(i), size.map(ImageSize::width).orElse(null),
          size.map(ImageSize::height).orElse(null)));
    }
    return List.copyOf(images);
  }
}
