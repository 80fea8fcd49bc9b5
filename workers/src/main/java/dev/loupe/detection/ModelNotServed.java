package dev.loupe.detection;

/** The inference server does not know the model (Triton's NOT_FOUND): a business outcome, not an outage. */
public class ModelNotServed extends DetectionFailed {

  public ModelNotServed(String message, Throwable cause) {
    super(message, cause);
  }
}
