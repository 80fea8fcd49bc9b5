package dev.loupe.task;

/** Where a task stands, as its journal says. */
public enum TaskStatus {
  /** No such task. */
  NONE,
  CREATED,
  DETECTION_REQUESTED,
  /** A model's result is there; an operator may check it. */
  DETECTED,
  WAITING_FOR_OPERATOR,
  IN_PROGRESS,
  OPERATOR_FINISHED,
  RESULT_GENERATED,
  /** An image of the task can never be used; the client is told so instead of a result. */
  REJECTED,
  DONE,
  /** Cancelled by the client; its recipe ended. */
  CANCELLED
}
