package dev.loupe.inference;

import java.time.Duration;

/**
 * How the client reaches an inference server: its gRPC target ("host:port"), the deadline of a control call
 * (health, metadata, repository) and of an inference call, how many attempts a call gets when the server is
 * UNAVAILABLE and the first back-off between them (doubled each time), and when the circuit breaker opens:
 * the failure rate in percent over the last {@code breakerWindow} calls, staying open for {@code breakerOpenFor}.
 */
public record TritonClientSettings(
    String target,
    Duration callTimeout,
    Duration inferTimeout,
    int maxAttempts,
    Duration initialBackoff,
    float breakerFailureRate,
    int breakerWindow,
    Duration breakerOpenFor) {

  /** The environment variable naming a real Triton ("host:port") to use instead of the embedded server. */
  public static final String URL_VARIABLE = "LOUPE_INFERENCE_URL";

  public TritonClientSettings {
    if (target.isBlank()) {
      throw new IllegalArgumentException("an inference server target (host:port) is needed");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** Defaults: 5 s control calls, 30 s inference, 3 attempts from 100 ms, breaker at 50 % of 20 calls for 10 s. */
  public static TritonClientSettings defaults(String target) {
    return new TritonClientSettings(
        target, Duration.ofSeconds(5), Duration.ofSeconds(30), 3, Duration.ofMillis(100), 50f, 20, Duration.ofSeconds(10));
  }
}
