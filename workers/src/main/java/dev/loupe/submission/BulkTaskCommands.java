package dev.loupe.submission;

import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.WrongExpectedVersion;
import dev.loupe.security.Callers;
import dev.loupe.task.TaskEvent.TaskCancelled;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEvent.TaskResentToOperator;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The task manager's commands on many tasks at once: cancel, reprocess, resend to an operator, each task on its own
 * (one refused does not stop the others) with the single-task command's rules, and each idempotent: a task already
 * in the state the command leads to is left alone and answered {@code ALREADY}, so repeating a bulk command changes
 * nothing and says so (a repeated cancel still publishes the recipe's cancel message, as the single one does). A task
 * the command fails on for any reason (a race with a worker, the engine not answering) is answered {@code REFUSED}
 * with why, and the others go on.
 */
@Service
class BulkTaskCommands {

  private static final Logger log = LoggerFactory.getLogger(BulkTaskCommands.class);

  /** The most tasks one bulk command takes. */
  static final int MAX_TASKS = 100;

  /** A command that can be given to many tasks, and the event that says a task got it. */
  enum Command {
    CANCEL(TaskCancelled.class),
    REPROCESS(TaskReprocessRequested.class),
    RESEND_TO_OPERATOR(TaskResentToOperator.class);

    private final String eventType;

    Command(Class<? extends dev.loupe.task.TaskEvent> event) {
      this.eventType = TaskEventTypes.of(event).name();
    }
  }

  /** What a bulk command did to one task. */
  enum Result {
    /** The command was carried out now. */
    DONE,
    /** The task already was where the command leads (cancelled; reprocessed or resent and not finished since). */
    ALREADY,
    /** The task's state does not allow the command; {@code message} says why. */
    REFUSED,
    /** No such task, or not one the caller may see. */
    NOT_FOUND
  }

  /** One task's outcome; {@code status} is the task's status after it (null when not found). */
  record Outcome(String taskId, Result result, TaskStatus status, String message) {}

  /** Every task's outcome, in the order asked (a repeated id once), and how many had each result. */
  record Answer(List<Outcome> outcomes, Map<Result, Long> counts) {}

  /** The events that start or end a run: the newest of them says whether a reprocess or resend still goes on. */
  private static final Set<String> RUN_BOUNDARIES = Set.of(Command.REPROCESS.eventType,
      Command.RESEND_TO_OPERATOR.eventType, Command.CANCEL.eventType, TaskEventTypes.of(TaskReported.class).name());

  private final TaskSubmissions submissions;
  private final TaskRepository tasks;

  BulkTaskCommands(TaskSubmissions submissions, TaskRepository tasks) {
    this.submissions = submissions;
    this.tasks = tasks;
  }

  Answer run(Command command, List<String> taskIds, String reason, Callers.Caller caller) {
    List<Outcome> outcomes = new ArrayList<>();
    for (String taskId : new LinkedHashSet<>(taskIds)) {
      outcomes.add(runOne(command, taskId, reason, caller));
    }
    Map<Result, Long> counts = new TreeMap<>();
    outcomes.forEach(outcome -> counts.merge(outcome.result(), 1L, Long::sum));
    return new Answer(outcomes, counts);
  }

  private Outcome runOne(Command command, String taskId, String reason, Callers.Caller caller) {
    TaskState task = tasks.load(taskId);
    if (!task.exists() || !caller.sees(task.clientId())) {
      return new Outcome(taskId, Result.NOT_FOUND, null, "no task " + taskId);
    }
    Optional<String> already = already(command, task);
    if (already.isPresent()) {
      if (command == Command.CANCEL) {
        // the single cancel publishes the message again, in case an earlier request stopped before it did
        return attempt(taskId, () -> submissions.cancel(taskId, reason), Result.ALREADY, already.get());
      }
      return new Outcome(taskId, Result.ALREADY, task.status(), already.get());
    }
    return attempt(taskId, () -> switch (command) {
      case CANCEL -> submissions.cancel(taskId, reason);
      case REPROCESS -> submissions.reprocess(taskId, reason);
      case RESEND_TO_OPERATOR -> submissions.resendToOperator(taskId, reason);
    }, Result.DONE, null);
  }

  /**
   * Gives one task the command, answered {@code success} when it goes through; whatever stops it is this task's
   * outcome, never the whole request's: the others have been, or will be, changed all the same.
   */
  private Outcome attempt(String taskId, Supplier<TaskState> command, Result success, String message) {
    try {
      return new Outcome(taskId, success, command.get().status(), message);
    } catch (TaskRejected rejected) {
      Result result = rejected.reason() == TaskRejected.Reason.NOT_FOUND ? Result.NOT_FOUND : Result.REFUSED;
      return new Outcome(taskId, result, tasks.load(taskId).status(), rejected.getMessage());
    } catch (WrongExpectedVersion raced) {
      return new Outcome(taskId, Result.REFUSED, tasks.load(taskId).status(),
          "the task changed meanwhile: ask again");
    } catch (RuntimeException failed) {
      log.warn("bulk command on task {} failed", taskId, failed);
      return new Outcome(taskId, Result.REFUSED, tasks.load(taskId).status(),
          "could not be carried out now (" + failed.getClass().getSimpleName() + "): ask again");
    }
  }

  /** Why the task already is where the command leads, if it is. */
  private Optional<String> already(Command command, TaskState task) {
    if (command == Command.CANCEL) {
      return task.status() == TaskStatus.CANCELLED ? Optional.of("already cancelled") : Optional.empty();
    }
    Optional<String> newestBoundary = tasks.history(task.taskId()).reversed().stream()
        .map(RecordedEvent::type)
        .filter(RUN_BOUNDARIES::contains)
        .findFirst();
    return newestBoundary.filter(command.eventType::equals)
        .map(type -> "already %s: the run it started is %s and not finished"
            .formatted(command == Command.REPROCESS ? "reprocessed" : "resent to an operator", task.status()));
  }
}
