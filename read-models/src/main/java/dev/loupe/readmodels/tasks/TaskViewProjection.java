package dev.loupe.readmodels.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskView.TaskObject;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskEvent.TaskCancelled;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEvent.TaskResentToOperator;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * How each task event changes a task's view: the domain's own fold ({@link Task#evolve}) of the task's state the
 * view holds, plus the view's own fields. Events are decoded with the write side's {@link TaskEventCodec}, so an
 * event the domain cannot read cannot be applied. Used by the projector, its gap repair and catch-up reads.
 */
@Component
public class TaskViewProjection {

  /** The assistance reason of a task a client sent back to the operators: not a reason the recipe gives. */
  private static final String RESENT = "RESENT";

  private final TaskEventCodec codec;

  public TaskViewProjection(ObjectMapper json) {
    this.codec = new TaskEventCodec(json);
  }

  /** The task id of a stream {@code task-<id>}. */
  public static String taskId(String streamId) {
    return streamId.startsWith("task-") ? streamId.substring("task-".length()) : streamId;
  }

  /**
   * The view after the event; {@code current} is null before TaskCreated.
   *
   * @throws IllegalArgumentException for a type that is no task event, a stream that does not start with
   *     TaskCreated, or a second TaskCreated
   * @throws IllegalStateException for a schema version without an upcaster, or an unreadable payload
   */
  public TaskView apply(TaskView current, JournalMessage event) {
    TaskEvent decoded = codec.decode(event.eventId(), event.type(), event.schemaVersion(), event.payload());
    if (current == null && !(decoded instanceof TaskCreated)) {
      throw new IllegalArgumentException("stream %s starts with %s, not TaskCreated"
          .formatted(event.streamId(), event.type()));
    }
    if (current != null && decoded instanceof TaskCreated) {
      throw new IllegalArgumentException("stream %s has a second TaskCreated at version %d"
          .formatted(event.streamId(), event.version()));
    }
    TaskState before = current == null ? TaskState.initial(taskId(event.streamId())) : stateOf(current);
    TaskState after = Task.evolve(before, decoded, event.version());
    return view(after, current == null ? event.eventTime() : current.createdAt(), event.eventTime(),
        new OwnFields(assistanceReason(current, decoded), finishedAt(current, decoded, event.eventTime()),
            flagReason(current, decoded)));
  }

  /** The view's own fields, which the domain's state does not hold. */
  private record OwnFields(String assistanceReason, String finishedAt, String flagReason) {}

  /** The view of a whole stream, folded from its first event; empty for a stream without events. */
  public Optional<TaskView> fold(List<JournalMessage> stream) {
    TaskView view = null;
    for (JournalMessage event : stream) {
      view = apply(view, event);
    }
    return Optional.ofNullable(view);
  }

  /** The view's own field: why the task last went to the operators' inbox; cleared when it starts over. */
  private static String assistanceReason(TaskView current, TaskEvent event) {
    return switch (event) {
      case AssistanceRequested requested -> requested.reason().name();
      case TaskResentToOperator resent -> RESENT;
      case TaskReprocessRequested reprocess -> null;
      default -> current == null ? null : current.assistanceReason();
    };
  }

  /** The view's own field: when the run ended (reported or cancelled); cleared when a new run starts. */
  private static String finishedAt(TaskView current, TaskEvent event, String eventTime) {
    return switch (event) {
      case TaskReported reported -> eventTime;
      case TaskCancelled cancelled -> eventTime;
      case TaskReprocessRequested reprocess -> null;
      case TaskResentToOperator resent -> null;
      default -> current == null ? null : current.finishedAt();
    };
  }

  /** The view's own field: why the latest quality-check decision flagged the task; cleared when it starts over. */
  private static String flagReason(TaskView current, TaskEvent event) {
    return switch (event) {
      case QualityCheckDecided decided -> decided.required() ? decided.reason() : null;
      case TaskReprocessRequested reprocess -> null;
      default -> current == null ? null : current.flagReason();
    };
  }

  /**
   * The task's state as far as the view holds it. {@link Task#evolve} derives what the view shows only from what
   * the view shows (the read-model tests fold random valid histories both ways to check it); the rest of the state
   * (what the model found, the recogniser, the sessions, the scoring bookkeeping) the view neither keeps nor needs.
   */
  private static TaskState stateOf(TaskView view) {
    List<AnnotatedObject> objects = view.objects().stream()
        .map(object -> new AnnotatedObject(object.objectId(), object.imageIndex(), object.box(), object.classId()))
        .toList();
    List<TagReading> readings = view.objects().stream()
        .filter(object -> object.text() != null)
        .map(object -> new TagReading(object.objectId(), object.text(), object.textConfidence()))
        .toList();
    List<DetectedObject> detected = view.objects().stream()
        .filter(object -> object.confidence() != null)
        .map(object -> new DetectedObject(object.objectId(), object.imageIndex(), object.box(), object.classId(),
            object.confidence(), object.suggestedClassId(), object.suggestedConfidence()))
        .toList();
    return new TaskState(view.id(), view.version(), view.status(), view.type(), view.classGroup(), view.images(),
        null, view.model(), detected, view.operatorId(), null, view.priority(), objects, readings, view.result(),
        view.clientId(), view.rejection(), null, false, false, false, List.of(), 0, false, List.of(), view.recipe(),
        view.incident());
  }

  private static TaskView view(TaskState state, String createdAt, String updatedAt, OwnFields own) {
    Map<String, TagReading> readings = new HashMap<>();
    state.readings().forEach(reading -> readings.put(reading.objectId(), reading));
    Map<String, DetectedObject> detected = new HashMap<>();
    state.detected().forEach(object -> detected.put(object.objectId(), object));
    List<TaskObject> objects = state.objects().stream()
        .map(object -> {
          TagReading reading = readings.get(object.objectId());
          DetectedObject found = detected.get(object.objectId());
          return new TaskObject(object.objectId(), object.imageIndex(), object.box(), object.classId(),
              reading == null ? null : reading.text(), reading == null ? null : reading.confidence(),
              found == null ? null : found.confidence(), found == null ? null : found.suggestedClassId(),
              found == null ? null : found.suggestedConfidence());
        })
        .toList();
    return new TaskView(state.taskId(), state.type(), state.status(), state.classGroup(), state.images(), createdAt,
        updatedAt, state.version(), state.operatorId(), own.assistanceReason(), state.priority(), objects,
        state.generated(), state.clientId(), state.rejection(), false, state.model(), state.recipe(),
        state.incident(), own.finishedAt(), own.flagReason());
  }
}
