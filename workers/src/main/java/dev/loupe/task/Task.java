package dev.loupe.task;

import dev.loupe.task.TaskCommand.ClaimTask;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskCommand.FinishOperatorSession;
import dev.loupe.task.TaskCommand.GenerateResult;
import dev.loupe.task.TaskCommand.ReportResult;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsLabeled;
import dev.loupe.task.TaskEvent.ObjectsMoved;
import dev.loupe.task.TaskEvent.ObjectsRemoved;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskRejected.Reason;
import java.util.ArrayList;
import java.util.List;

/** The task aggregate as two pure functions: {@link #decide} and {@link #evolve}. */
public final class Task {

  private Task() {}

  /** The stream that holds a task's events. */
  public static String streamId(String taskId) {
    return "task-" + taskId;
  }

  /** The events a command raises on a task in the given state. */
  public static List<TaskEvent> decide(TaskCommand command, TaskState state) {
    return switch (command) {
      case CreateTask create -> {
        if (state.exists()) {
          throw new TaskRejected(Reason.CONFLICT, "task " + state.taskId() + " already exists");
        }
        yield List.of(new TaskCreated(
            create.taskId(), create.type(), create.classGroup(), create.images(), create.callbackUrl()));
      }
      case ResolveModel resolve -> {
        require(state, TaskStatus.CREATED, "resolve its model");
        yield List.of(
            new DetectionRequested(state.classGroup().key()), new ModelNotFound(state.classGroup().key()));
      }
      case RequestAssistance request -> {
        require(state, TaskStatus.DETECTION_REQUESTED, "request assistance");
        yield List.of(new AssistanceRequested(request.reason()));
      }
      case ClaimTask claim -> {
        if (state.status() == TaskStatus.IN_PROGRESS) {
          throw new TaskRejected(Reason.CONFLICT,
              "task %s is already claimed by operator %s".formatted(state.taskId(), state.operatorId()));
        }
        require(state, TaskStatus.WAITING_FOR_OPERATOR, "be claimed");
        yield List.of(new OperatorAssigned(claim.operatorId(), claim.sessionId()));
      }
      case FinishOperatorSession finish -> finishSession(finish, state);
      case GenerateResult generate -> {
        require(state, TaskStatus.OPERATOR_FINISHED, "generate its result");
        yield List.of(new TaskResultGenerated(state.objects()));
      }
      case ReportResult report -> {
        require(state, TaskStatus.RESULT_GENERATED, "report its result");
        yield List.of(new TaskReported(state.callbackUrl(), report.httpStatus()));
      }
    };
  }

  private static List<TaskEvent> finishSession(FinishOperatorSession finish, TaskState state) {
    if (state.status() != TaskStatus.IN_PROGRESS || !finish.sessionId().equals(state.sessionId())) {
      throw new TaskRejected(Reason.CONFLICT, "session %s is not open on task %s (task is %s)"
          .formatted(finish.sessionId(), state.taskId(), state.status()));
    }
    List<TaskEvent> events = new ArrayList<>(SessionSummarizer.summarize(finish.sessionId(), state, finish.commands()));
    events.add(new OperatorFinished(state.operatorId(), finish.sessionId()));
    return events;
  }

  private static void require(TaskState state, TaskStatus expected, String action) {
    if (!state.exists()) {
      throw new TaskRejected(Reason.NOT_FOUND, "task " + state.taskId() + " does not exist");
    }
    if (state.status() != expected) {
      throw new TaskRejected(Reason.CONFLICT, "task %s cannot %s: it is %s, not %s"
          .formatted(state.taskId(), action, state.status(), expected));
    }
  }

  /** The state after one more event. */
  public static TaskState evolve(TaskState state, TaskEvent event) {
    return switch (event) {
      case TaskCreated created ->
          state.withCreation(created.type(), created.classGroup(), created.images(), created.callbackUrl());
      case DetectionRequested requested -> state.withStatus(TaskStatus.DETECTION_REQUESTED);
      case ModelNotFound notFound -> state;
      case AssistanceRequested requested -> state.withStatus(TaskStatus.WAITING_FOR_OPERATOR);
      case OperatorAssigned assigned ->
          state.withOperator(assigned.operatorId(), assigned.sessionId(), TaskStatus.IN_PROGRESS);
      case ObjectsAdded added -> {
        List<AnnotatedObject> objects = new ArrayList<>(state.objects());
        objects.addAll(added.objects());
        yield state.withObjects(objects);
      }
      case ObjectsRemoved removed -> state.withObjects(state.objects().stream()
          .filter(object -> !removed.objectIds().contains(object.objectId()))
          .toList());
      case ObjectsMoved moved -> state.withObjects(state.objects().stream()
          .map(object -> moved.moves().stream()
              .filter(move -> move.objectId().equals(object.objectId()))
              .reduce(object, (current, move) -> new AnnotatedObject(current.objectId(), current.imageIndex(),
                  move.box(), current.classId()), (a, b) -> b))
          .toList());
      case ObjectsLabeled labeled -> state.withObjects(state.objects().stream()
          .map(object -> labeled.labels().stream()
              .filter(label -> label.objectId().equals(object.objectId()))
              .reduce(object, (current, label) -> new AnnotatedObject(current.objectId(), current.imageIndex(),
                  current.box(), label.classId()), (a, b) -> b))
          .toList());
      case OperatorFinished finished -> state.withStatus(TaskStatus.OPERATOR_FINISHED);
      case TaskResultGenerated generated -> state.withResult(generated.objects());
      case TaskReported reported -> state.withStatus(TaskStatus.DONE);
    };
  }
}
