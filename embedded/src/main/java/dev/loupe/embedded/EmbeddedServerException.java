package dev.loupe.embedded;

/** An embedded server could not start; the message says which one and why, in one line. */
public class EmbeddedServerException extends RuntimeException {

  private final String action;

  public EmbeddedServerException(String message, String action) {
    super(message);
    this.action = action;
  }

  public EmbeddedServerException(String message, String action, Throwable cause) {
    super(message, cause);
    this.action = action;
  }

  /** What the user can do about it. */
  public String action() {
    return action;
  }
}
