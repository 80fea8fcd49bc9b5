package dev.loupe.task;

/** Why an operator declared an image of a task unusable: a short, fixed vocabulary, each with what the client reads. */
public enum UnusableReason {
  BLURRED("is too blurred to use"),
  DARK("is too dark to use"),
  NOT_A_SHELF("does not show a shelf"),
  WRONG_TASK_TYPE("does not fit the task's type"),
  /** Something else: the operator must say what in a note. */
  OTHER("cannot be used");

  /** The longest note an operator may add, in characters. */
  public static final int MAX_NOTE = 500;

  private final String problem;

  UnusableReason(String problem) {
    this.problem = problem;
  }

  /** What is wrong with the image, as the client is told: "image 2 is too dark to use". */
  public String problem() {
    return problem;
  }
}
