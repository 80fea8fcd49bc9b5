package dev.loupe.models;

/** The model server cannot serve a model at the version a registration names. */
public class ModelNotReady extends RuntimeException {

  public ModelNotReady(String message) {
    super(message);
  }

  public ModelNotReady(String message, Throwable cause) {
    super(message, cause);
  }
}
