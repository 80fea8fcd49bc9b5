package dev.loupe.task;

/** A command that the task's state does not allow, or whose content is wrong. */
public class TaskRejected extends RuntimeException {

  /** Why: the client's mistake, or a state that has moved on. */
  public enum Reason {
    NOT_FOUND,
    CONFLICT,
    INVALID,
    /** The caller is known, and may not do this. */
    FORBIDDEN
  }

  private final Reason reason;
  private final String field;

  public TaskRejected(Reason reason, String message) {
    this(reason, null, message);
  }

  public TaskRejected(Reason reason, String field, String message) {
    super(message);
    this.reason = reason;
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** The request field at fault, for INVALID; null otherwise. */
  public String field() {
    return field;
  }
}
