package dev.loupe.task;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * When an operator checks a model's result: always when an object's confidence is below
 * {@code minConfidence} (like A2I's human review conditions), otherwise for a {@code samplingRate} share of
 * tasks. Sampling is decided by the task id, so a retried decision is the same decision.
 */
public record QualityPolicy(double samplingRate, double minConfidence) {

  public QualityPolicy {
    if (samplingRate < 0 || samplingRate > 1 || minConfidence < 0 || minConfidence > 1) {
      throw new IllegalArgumentException("sampling rate and minimum confidence are between 0 and 1");
    }
  }

  /** Whether the task falls into the sample: a stable position in [0, 1) derived from its id. */
  boolean samples(String taskId) {
    long bits = UUID.nameUUIDFromBytes(taskId.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits() >>> 11;
    return bits / (double) (1L << 53) < samplingRate;
  }
}
