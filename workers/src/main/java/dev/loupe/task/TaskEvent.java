package dev.loupe.task;

import java.net.URI;
import java.util.List;

/**
 * The facts of a task's journal stream ({@code task-<id>}). Each is stored under a stable type name and schema
 * version ({@link TaskEventTypes}), never under its Java class name.
 */
public sealed interface TaskEvent {

  /** A client asked for a task; raised by the REST API. */
  record TaskCreated(String taskId, String type, ClassGroup classGroup, List<URI> images, URI callbackUrl)
      implements TaskEvent {}

  /** The recipe asked for an automatic detection for the class group; raised by ResolveModelWorker. */
  record DetectionRequested(String classGroupKey) implements TaskEvent {}

  /** No model is registered for the class group: a person must do the work; raised by ResolveModelWorker. */
  record ModelNotFound(String classGroupKey) implements TaskEvent {}

  /** The task went to the operators' inbox, and why; raised by RequestAssistanceWorker. */
  record AssistanceRequested(AssistanceReason reason) implements TaskEvent {}

  /** An operator claimed the task and opened a work session on it; raised by the inbox. */
  record OperatorAssigned(String operatorId, String sessionId) implements TaskEvent {}

  /** An operator's session added objects; raised, summarized, when the session finishes. */
  record ObjectsAdded(String sessionId, List<AnnotatedObject> objects) implements TaskEvent {}

  /** An operator's session removed objects that existed before it; raised when the session finishes. */
  record ObjectsRemoved(String sessionId, List<String> objectIds) implements TaskEvent {}

  /** An operator's session moved or resized existing objects; raised when the session finishes. */
  record ObjectsMoved(String sessionId, List<ObjectMove> moves) implements TaskEvent {}

  /** An operator's session gave existing objects another class; raised when the session finishes. */
  record ObjectsLabeled(String sessionId, List<ObjectLabel> labels) implements TaskEvent {}

  /** An operator finished their session on the task; raised by the inbox. */
  record OperatorFinished(String operatorId, String sessionId) implements TaskEvent {}

  /** The task's result was put together; raised by GenerateResultWorker. */
  record TaskResultGenerated(List<AnnotatedObject> objects) implements TaskEvent {}

  /** The result was delivered to the client's callback; raised by ReportResultWorker. */
  record TaskReported(URI callbackUrl, int httpStatus) implements TaskEvent {}

  /** An object's new box. */
  record ObjectMove(String objectId, Box box) {}

  /** An object's new class. */
  record ObjectLabel(String objectId, String classId) {}

  /** Why a task needs an operator. */
  enum AssistanceReason {
    MODEL_NOT_FOUND,
    QUALITY_CHECK,
    DEPENDENT_CORRECTION
  }
}
