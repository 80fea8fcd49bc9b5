package dev.loupe.inference;

import io.grpc.Status;

/**
 * A call to the inference server failed; {@link #code()} says how (NOT_FOUND: no such model,
 * INVALID_ARGUMENT: a wrong input, UNAVAILABLE: server or model not serving after retries, ...).
 */
public class InferenceException extends RuntimeException {

  private final Status.Code code;

  public InferenceException(Status.Code code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  /** The gRPC status code the server (or the client's circuit breaker) answered with. */
  public Status.Code code() {
    return code;
  }
}
