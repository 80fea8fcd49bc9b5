package dev.loupe.benchmarks.e2e;

/**
 * The harness's one clock: epoch milliseconds (fractional) that never jump, from {@link System#nanoTime()} anchored
 * to the wall clock once, so they compare with the journal's {@code recordedTime} (the database's clock on the same
 * machine) and with each other.
 */
final class Clock {

  private static final long ANCHOR_NANOS = System.nanoTime();
  private static final double ANCHOR_EPOCH_MILLIS = System.currentTimeMillis();

  private Clock() {}

  static double now() {
    return fromNanos(System.nanoTime());
  }

  static double fromNanos(long nanos) {
    return ANCHOR_EPOCH_MILLIS + (nanos - ANCHOR_NANOS) / 1e6;
  }
}
