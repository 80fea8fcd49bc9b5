package dev.loupe.operatorwork;

import dev.loupe.journal.WrongExpectedVersion;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.task.ImageSize;
import dev.loupe.task.SessionCommand;
import dev.loupe.task.SessionSummarizer;
import dev.loupe.task.TaskCommand.ClaimTask;
import dev.loupe.task.TaskCommand.DeclareImageUnusable;
import dev.loupe.task.TaskCommand.FinishOperatorSession;
import dev.loupe.task.TaskCommand.ObjectDraft;
import dev.loupe.task.TaskCommand.ReleaseClaim;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.UnusableReason;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Operators' commands on tasks waiting for them. Claiming is a journal append with the expected version, so
 * of two operators claiming one task exactly one wins; finishing records the session's work, then completes
 * the recipe's user task so the recipe goes on.
 */
@Service
public class Inbox {

  /** Candidates one look at the inbox takes, and how many looks {@link #claimNext} takes at most. */
  private static final int CANDIDATES = 20;
  private static final int LOOKS = 10;

  private final TaskRepository tasks;
  private final OperatorWorkItems workItems;
  private final OperatorTaskCompleter completer;
  private final TaskViews views;

  Inbox(TaskRepository tasks, OperatorWorkItems workItems, OperatorTaskCompleter completer, TaskViews views) {
    this.tasks = tasks;
    this.workItems = workItems;
    this.completer = completer;
    this.views = views;
  }

  /**
   * Claims the best waiting task the operator may work on: the inbox's order (escalated first, then oldest), each
   * candidate claimed through the journal, so of two operators reaching for one task exactly one gets it and the
   * other takes the next. A candidate found taken (the read model lags the journal by a moment) is left out of the
   * next look. Empty when no candidate is left.
   */
  Optional<OperatorSession> claimNext(Operator operator) {
    Set<String> taken = new HashSet<>();
    for (int look = 0; look < LOOKS; look++) {
      List<TaskView> candidates = views.waitingForOperator(operator.inbox(), taken, CANDIDATES);
      if (candidates.isEmpty()) {
        return Optional.empty();
      }
      for (TaskView candidate : candidates) {
        taken.add(candidate.id());
        try {
          return Optional.of(claim(candidate.id(), operator, false));
        } catch (TaskRejected rejected) {
          if (rejected.reason() != TaskRejected.Reason.CONFLICT) {
            throw rejected;
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Opens a session for the operator on the task; on a task the operator already holds, gives back that open session,
   * so the work is resumed from any device (the task is never stuck behind a closed tab until its idle release).
   *
   * @throws TaskRejected NOT_FOUND for an unknown task, FORBIDDEN for a task outside the operator's teams' work,
   *     CONFLICT when someone else claimed it or it is not waiting
   */
  OperatorSession claim(String taskId, Operator operator) {
    return claim(taskId, operator, true);
  }

  /**
   * {@code resume}: a task the operator holds gives back its open session; without it (the next task for them: the
   * read model may still list as waiting one they just took) it is a CONFLICT like any other claimed task.
   */
  private OperatorSession claim(String taskId, Operator operator, boolean resume) {
    TaskState task = tasks.load(taskId);
    if (task.exists() && !operator.mayWorkOn(task)) {
      throw new TaskRejected(TaskRejected.Reason.FORBIDDEN,
          "task %s is not in your teams' work (type %s, class group %s)".formatted(taskId, task.type(),
              task.classGroup() == null ? null : task.classGroup().key()));
    }
    String operatorId = operator.name();
    if (resume && task.status() == TaskStatus.IN_PROGRESS && operatorId.equals(task.operatorId())
        && task.sessionId() != null) {
      return new OperatorSession(task.sessionId(), taskId, operatorId);
    }
    String sessionId = UUID.randomUUID().toString();
    try {
      tasks.execute(taskId, new ClaimTask(operatorId, sessionId), "claim:" + sessionId, "operator:" + operatorId);
    } catch (WrongExpectedVersion raced) {
      throw new TaskRejected(TaskRejected.Reason.CONFLICT, "task " + taskId + " was claimed by someone else just now");
    }
    return new OperatorSession(sessionId, taskId, operatorId);
  }

  /**
   * Records the session's work, summarized, and lets the recipe continue. Finishing a finished session again
   * changes nothing.
   *
   * @param commands every add, move, relabel and remove of the session, in order
   * @param imageSizes the sizes of the images the operator's browser loaded: the first of each image is recorded
   * @throws TaskRejected NOT_FOUND for an unknown session, FORBIDDEN for another operator's session (an admin
   *     may finish any), INVALID naming the bad field, CONFLICT when the session is no longer open
   */
  TaskState finish(String sessionId, List<SessionCommand> commands, List<ImageSize> imageSizes,
      Operator operator) {
    return finish(sessionId, task -> commands, imageSizes, operator);
  }

  /**
   * Like {@link #finish(String, List, List, Operator)}, with the task's objects as the operator left them: objects with the
   * id of an existing one keep it, the others are new, existing objects not in the list are removed.
   */
  TaskState finishWithObjects(String sessionId, List<ObjectDraft> objects, List<ImageSize> imageSizes,
      Operator operator) {
    return finish(sessionId, task -> SessionSummarizer.commandsFor(task, objects), imageSizes, operator);
  }

  /**
   * Gives the session's task back to the inbox unfinished (OperatorReleased, reason RELEASED). Releasing it again
   * changes nothing.
   *
   * @throws TaskRejected NOT_FOUND for an unknown session, FORBIDDEN for another operator's session (an admin may
   *     release any), CONFLICT when the session was finished or released otherwise (idle)
   */
  TaskState release(String sessionId, Operator operator) {
    TaskState state = sessionTask(sessionId, operator, "release");
    return tasks.execute(state.taskId(), new ReleaseClaim(sessionId), "release:" + sessionId,
        "operator:" + operator.name()).state();
  }

  /**
   * The operator judges an image of the session's task unusable: the session closes, the task is rejected with the
   * reason (ImageDeclaredUnusable) and the recipe reports the rejection to the client. Declaring it again changes
   * nothing.
   *
   * @throws TaskRejected NOT_FOUND for an unknown session, FORBIDDEN for another operator's session (an admin may
   *     declare in any), INVALID naming the bad field, CONFLICT when the session is no longer open
   */
  TaskState declareUnusable(String sessionId, int imageIndex, UnusableReason reason, String note,
      Operator operator) {
    TaskState state = sessionTask(sessionId, operator, "declare an image unusable in");
    TaskState rejected = tasks.execute(state.taskId(), new DeclareImageUnusable(sessionId, imageIndex, reason, note),
        "unusable:" + sessionId, "operator:" + operator.name()).state();
    completer.handOn(state.taskId());
    return rejected;
  }

  /**
   * The task of an operator's session that is still open: the operator's own, or any for an admin.
   *
   * @throws TaskRejected NOT_FOUND for an unknown session, FORBIDDEN for another operator's, CONFLICT for one that
   *     has ended
   */
  TaskState openSessionTask(String sessionId, Operator operator, String action) {
    TaskState state = sessionTask(sessionId, operator, action);
    if (!sessionId.equals(state.sessionId()) || state.status() != TaskStatus.IN_PROGRESS) {
      throw new TaskRejected(TaskRejected.Reason.CONFLICT, "session " + sessionId + " has ended");
    }
    return state;
  }

  /**
   * The task of an operator session the operator may act on (finish, release, declare unusable): theirs, or any for
   * an admin.
   */
  private TaskState sessionTask(String sessionId, Operator operator, String action) {
    String taskId = workItems.taskOfSession(sessionId)
        .orElseThrow(() -> new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no operator session " + sessionId));
    TaskState state = tasks.load(taskId);
    if (sessionId.equals(state.sessionId()) && !operator.mayFinish(state)) {
      throw new TaskRejected(TaskRejected.Reason.FORBIDDEN,
          "session %s is %s's: only they or an admin may %s it".formatted(sessionId, state.operatorId(), action));
    }
    return state;
  }

  private TaskState finish(String sessionId, Function<TaskState, List<SessionCommand>> work,
      List<ImageSize> imageSizes, Operator operator) {
    TaskState state = sessionTask(sessionId, operator, "finish");
    String taskId = state.taskId();
    TaskState finished = tasks.execute(taskId, new FinishOperatorSession(sessionId, work.apply(state), imageSizes),
        "finish:" + sessionId, "operator:" + state.operatorId()).state();
    completer.handOn(taskId);
    return finished;
  }
}
