package dev.loupe.task;

/**
 * Where a task stands, as its journal says: the one status vocabulary of the write side, the read models, the
 * REST API, the callbacks and the admin UI.
 */
public enum TaskStatus {
  /** No such task. */
  NONE,
  /** Asked for (TaskCreated), or asked for again (TaskReprocessRequested); its recipe starts. */
  CREATED,
  /** The recipe asked for a detection, with the model registered for the class group, if any. */
  DETECTION_REQUESTED,
  /** A model's result is there; an operator may check it. */
  DETECTED,
  /** In the operators' inbox. */
  WAITING_FOR_OPERATOR,
  /** Claimed by an operator, whose session is open. */
  IN_PROGRESS,
  /** The operator finished their session. */
  OPERATOR_FINISHED,
  /** The result is put together, to be delivered to the client's callback. */
  RESULT_GENERATED,
  /**
   * Every attempt to deliver the task's outcome (result or rejection) to the client's callback failed; the report job
   * is an incident, and retrying it delivers the outcome (then DONE or REJECTED).
   */
  DELIVERY_FAILED,
  /**
   * An image of the task can never be used; the client is told so instead of a result, and the task stays REJECTED
   * once told.
   */
  REJECTED,
  /** The result was delivered to the client's callback. */
  DONE,
  /** Cancelled by the client; its recipe ended. */
  CANCELLED
}
