package dev.loupe.detection;

/** A model could not be run on an image, or its answer could not be read. */
public class DetectionFailed extends RuntimeException {

  public DetectionFailed(String message) {
    super(message);
  }

  public DetectionFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
