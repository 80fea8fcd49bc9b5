package dev.loupe.detection;

import dev.loupe.task.RetryWithBackoff;

/**
 * The model server answered UNAVAILABLE (it is down or restarting, or the model's version is not ready yet): an
 * outage, whose job waits minutes before its next try rather than seconds.
 */
public class ModelServerUnavailable extends DetectionFailed implements RetryWithBackoff.Outage {

  public ModelServerUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
