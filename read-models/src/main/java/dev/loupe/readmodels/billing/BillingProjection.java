package dev.loupe.readmodels.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskViewProjection;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.TaskCancelled;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which runs of a task are billed, and how: a pure fold of the task's whole stream. The task's client, type, images
 * and rejection are its state as the write side folds it ({@link Task#evolve}); the run's number, path and whether it
 * was billed already are the fold's own.
 *
 * <ul>
 *   <li>A run ends billed at its first TaskReported (a delivered result, or a delivered rejection when an image was
 *       rejected), or at TaskCancelled; billed in the UTC month of that event's time.
 *   <li>TaskReprocessRequested starts a new run, billed again, flagged as a reprocess, in its own month.
 *   <li>TaskResentToOperator does not: the operator's correction and the TaskReported after it belong to the run
 *       already billed.
 *   <li>The path: {@code operator} when the run found no model (ModelNotFound, or assistance asked for
 *       MODEL_NOT_FOUND); else {@code checked} when a quality check was required; else {@code automatic}.
 * </ul>
 */
public final class BillingProjection {

  /** The client a task asked for without an API key is billed to. */
  public static final String NO_CLIENT = "(none)";

  static final String AUTOMATIC = "automatic";
  static final String CHECKED = "checked";
  static final String OPERATOR = "operator";
  static final String REPORTED = "reported";
  static final String REJECTED = "rejected";
  static final String CANCELLED = "cancelled";

  private static final Set<String> ENDS_A_RUN = Set.of("TaskReported", "TaskCancelled");
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

  /** The fold's state: the task's, and the current run's own. */
  private record Run(TaskState task, int number, boolean modelNotFound, boolean checkRequired, boolean billed) {

    Run next(TaskState after) {
      return new Run(after, number, modelNotFound, checkRequired, billed);
    }

    String path() {
      return modelNotFound ? OPERATOR : checkRequired ? CHECKED : AUTOMATIC;
    }
  }

  private final TaskEventCodec codec;

  public BillingProjection(ObjectMapper json) {
    this.codec = new TaskEventCodec(json);
  }

  /** Whether the event may end a run: the streams worth folding. */
  public static boolean endsARun(JournalMessage event) {
    return ENDS_A_RUN.contains(event.type());
  }

  /**
   * The billed runs of a task's stream, from its first event on, in order.
   *
   * @throws IllegalArgumentException when the events are not a whole task stream: not from version 0 on, with a
   *     gap, or not starting with TaskCreated
   * @throws IllegalStateException for an event the domain cannot decode
   */
  public List<BilledRun> billedRuns(List<JournalMessage> stream) {
    List<BilledRun> billed = new ArrayList<>();
    Run run = null;
    for (JournalMessage event : stream) {
      long expected = run == null ? 0 : run.task().version() + 1;
      if (event.version() != expected) {
        throw new IllegalArgumentException("%s: version %d where version %d was expected"
            .formatted(event.streamId(), event.version(), expected));
      }
      TaskEvent decoded = codec.decode(event.eventId(), event.type(), event.schemaVersion(), event.payload());
      if ((run == null) != (decoded instanceof TaskCreated)) {
        throw new IllegalArgumentException("stream %s has %s at version %d: a task stream starts with TaskCreated, once"
            .formatted(event.streamId(), event.type(), event.version()));
      }
      if (run == null) {
        run = new Run(TaskState.initial(TaskViewProjection.taskId(event.streamId())), 0, false, false, false);
      }
      run = ownFields(run, decoded, event, billed);
      run = run.next(Task.evolve(run.task(), decoded, event.version()));
    }
    return billed;
  }

  /** The run's own fields after the event, before the domain folds it: a run that ends is billed from here. */
  private static Run ownFields(Run run, TaskEvent event, JournalMessage message, List<BilledRun> billed) {
    return switch (event) {
      case TaskReprocessRequested reprocess -> new Run(run.task(), run.number() + 1, false, false, false);
      case ModelNotFound notFound -> new Run(run.task(), run.number(), true, run.checkRequired(), run.billed());
      case AssistanceRequested requested when requested.reason() == AssistanceReason.MODEL_NOT_FOUND ->
          new Run(run.task(), run.number(), true, run.checkRequired(), run.billed());
      case QualityCheckDecided decided when decided.required() ->
          new Run(run.task(), run.number(), run.modelNotFound(), true, run.billed());
      case TaskReported reported when !run.billed() -> {
        billed.add(billedRun(message, run, run.task().rejection() == null ? REPORTED : REJECTED));
        yield new Run(run.task(), run.number(), run.modelNotFound(), run.checkRequired(), true);
      }
      case TaskCancelled cancelled when !run.billed() -> {
        billed.add(billedRun(message, run, CANCELLED));
        yield new Run(run.task(), run.number(), run.modelNotFound(), run.checkRequired(), true);
      }
      default -> run;
    };
  }

  private static BilledRun billedRun(JournalMessage event, Run run, String outcome) {
    TaskState task = run.task();
    return new BilledRun(event.eventId(), task.taskId(), task.clientId() == null ? NO_CLIENT : task.clientId(),
        MONTH.format(Instant.parse(event.eventTime())), event.eventTime(), task.type(), run.path(),
        task.images().size(), outcome, run.number() > 0, run.number());
  }
}
