package dev.loupe.readmodels.operatormonitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskViewProjection;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.ImageDeclaredUnusable;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsLabeled;
import dev.loupe.task.TaskEvent.ObjectsMoved;
import dev.loupe.task.TaskEvent.ObjectsRemoved;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.OperatorReleased;
import dev.loupe.task.TaskEvent.TagsCorrected;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEvent.TaskResentToOperator;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operator sessions of a task stream: a pure fold of the stream from its first event. The task's type and class
 * group are the domain's own fold ({@link Task#evolve}) of the events before the session; why the task was with
 * the operators, when the session opened and what it changed are the monitor's own. Only closed sessions (finished,
 * released, or ended by the operator's verdict that an image is unusable) have a document; a session still open has
 * none yet.
 */
public final class SessionProjection {

  static final String FINISHED = "FINISHED";
  static final String RELEASED = "RELEASED";
  static final String UNUSABLE = "UNUSABLE";

  /** The assistance reason of a task a client sent back to the operators, as the tasks view names it. */
  static final String RESENT = "RESENT";

  /** The events that close a session: only a stream with one of them changes the read model. */
  static final Set<String> CLOSING = Set.of("OperatorFinished", "OperatorReleased", "ImageDeclaredUnusable");

  /** What an open session has gathered so far. */
  private record Open(String operatorId, String sessionId, String claimedAt, String type, String classGroupKey,
      String reason, int added, int moved, int relabeled, int removed, int textsCorrected) {

    Open plus(int moreAdded, int moreMoved, int moreRelabeled, int moreRemoved, int moreTexts) {
      return new Open(operatorId, sessionId, claimedAt, type, classGroupKey, reason, added + moreAdded,
          moved + moreMoved, relabeled + moreRelabeled, removed + moreRemoved, textsCorrected + moreTexts);
    }

    SessionView close(String taskId, String outcome, JournalMessage event) {
      Instant ended = Instant.parse(event.eventTime());
      boolean finished = outcome.equals(FINISHED);
      boolean worked = finished || outcome.equals(UNUSABLE);
      long activeSeconds = worked ? Math.max(0, Duration.between(Instant.parse(claimedAt), ended).toSeconds()) : 0;
      int changed = added + moved + relabeled + removed + textsCorrected;
      boolean checked = finished && AssistanceReason.QUALITY_CHECK.name().equals(reason);
      return new SessionView(sessionId, operatorId, taskId, type, classGroupKey, reason, claimedAt, ended.toString(),
          ended.atOffset(ZoneOffset.UTC).toLocalDate().toString(), outcome, activeSeconds, added, moved, relabeled,
          removed, textsCorrected, changed, checked, checked && changed == 0, event.version());
    }
  }

  private final TaskEventCodec codec;

  public SessionProjection(ObjectMapper json) {
    this.codec = new TaskEventCodec(json);
  }

  /**
   * The closed sessions of a task stream, given from its first event in version order.
   *
   * @throws IllegalArgumentException for an event the task's codec cannot read, or a session event that does not
   *     fit the stream (a close or a diff of a session that is not open)
   * @throws IllegalStateException for a schema version without an upcaster, or an unreadable payload
   */
  public List<SessionView> sessions(List<JournalMessage> stream) {
    List<SessionView> closed = new ArrayList<>();
    if (stream.isEmpty()) {
      return closed;
    }
    String taskId = TaskViewProjection.taskId(stream.getFirst().streamId());
    TaskState task = TaskState.initial(taskId);
    String reason = null;
    Open open = null;
    for (JournalMessage event : stream) {
      TaskEvent decoded = codec.decode(event.eventId(), event.type(), event.schemaVersion(), event.payload());
      switch (decoded) {
        case AssistanceRequested requested -> reason = requested.reason().name();
        case TaskResentToOperator resent -> reason = RESENT;
        case TaskReprocessRequested reprocess -> reason = null;
        case OperatorAssigned assigned -> open = new Open(assigned.operatorId(), assigned.sessionId(),
            event.eventTime(), task.type(), task.classGroup() == null ? null : task.classGroup().key(), reason,
            0, 0, 0, 0, 0);
        case ObjectsAdded added -> open = of(open, added.sessionId(), event).plus(added.objects().size(), 0, 0, 0, 0);
        case ObjectsMoved moved -> open = of(open, moved.sessionId(), event).plus(0, moved.moves().size(), 0, 0, 0);
        case ObjectsLabeled labeled ->
            open = of(open, labeled.sessionId(), event).plus(0, 0, labeled.labels().size(), 0, 0);
        case ObjectsRemoved removed ->
            open = of(open, removed.sessionId(), event).plus(0, 0, 0, removed.objectIds().size(), 0);
        case TagsCorrected corrected ->
            open = of(open, corrected.sessionId(), event).plus(0, 0, 0, 0, corrected.corrections().size());
        case OperatorFinished finished -> {
          closed.add(of(open, finished.sessionId(), event).close(taskId, FINISHED, event));
          open = null;
        }
        case OperatorReleased released -> {
          closed.add(of(open, released.sessionId(), event).close(taskId, RELEASED, event));
          open = null;
        }
        case ImageDeclaredUnusable declared -> {
          closed.add(of(open, declared.sessionId(), event).close(taskId, UNUSABLE, event));
          open = null;
        }
        default -> { }
      }
      task = Task.evolve(task, decoded, event.version());
    }
    return closed;
  }

  private static Open of(Open open, String sessionId, JournalMessage event) {
    if (open == null || !open.sessionId().equals(sessionId)) {
      throw new IllegalArgumentException("%s v%d of %s is about session %s, which is not open there (%s is)"
          .formatted(event.type(), event.version(), event.streamId(), sessionId,
              open == null ? "none" : open.sessionId()));
    }
    return open;
  }
}
