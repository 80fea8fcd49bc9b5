package dev.loupe.benchmarks.report;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of latencies recorded in microseconds in an HdrHistogram (3 significant digits), in milliseconds.
 *
 * @param count how many latencies were recorded
 */
public record LatencySummary(long count, double p50Millis, double p99Millis, double maxMillis, double meanMillis) {

  private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(10);

  /** A histogram for latencies in microseconds, from 1 µs to 10 minutes. */
  public static Histogram newHistogram() {
    return new Histogram(1, HIGHEST_TRACKABLE_MICROS, 3);
  }

  /** Records a latency measured in nanoseconds; anything below 1 µs counts as 1 µs, anything above 10 minutes as 10. */
  public static void recordNanos(Histogram histogram, long nanos) {
    long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
    histogram.recordValue(Math.min(micros, HIGHEST_TRACKABLE_MICROS));
  }

  public static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new LatencySummary(
        micros.getTotalCount(),
        millis(micros.getValueAtPercentile(50)),
        millis(micros.getValueAtPercentile(99)),
        millis(micros.getMaxValue()),
        micros.getMean() / 1000.0);
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}
