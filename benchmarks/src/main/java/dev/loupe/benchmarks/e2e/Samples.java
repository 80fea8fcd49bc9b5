package dev.loupe.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Latencies in milliseconds and their percentiles by the nearest-rank method (the smallest sample with at least
 * q % of the samples at or below it). A sample may be censored: the harness gave up waiting at that latency, so the
 * true one is at least that; a percentile that reaches a censored sample is a lower bound, shown with "≥".
 * Thread-safe.
 */
final class Samples {

  private final List<Double> values = new ArrayList<>();
  private int censored;

  synchronized void add(double millis) {
    values.add(millis);
  }

  /** A latency known only to be at least {@code millis} (the wait ended before the thing happened). */
  synchronized void addCensored(double millis) {
    values.add(millis);
    censored++;
  }

  synchronized int count() {
    return values.size();
  }

  synchronized int censored() {
    return censored;
  }

  /** The q-th percentile (0 &lt; q ≤ 100), NaN without samples. */
  synchronized double percentile(double q) {
    return percentile(values, q);
  }

  /** Whether the q-th percentile is a lower bound: at least as many censored samples as the ones above it. */
  synchronized boolean lowerBound(double q) {
    if (values.isEmpty() || censored == 0) {
      return false;
    }
    int rank = rank(values.size(), q);
    // censored samples are the longest waits of their step: they sort last, so the percentile reaches them
    // once its rank passes the uncensored ones
    return rank > values.size() - censored;
  }

  /** {@code 123 ms}, {@code ≥ 30000 ms} or {@code n/a}. */
  synchronized String format(double q) {
    double value = percentile(q);
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return (lowerBound(q) ? "≥ " : "") + millis(value);
  }

  static double percentile(List<Double> samples, double q) {
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    if (!(q > 0 && q <= 100)) {
      throw new IllegalArgumentException("a percentile is above 0 and at most 100, got " + q);
    }
    List<Double> sorted = new ArrayList<>(samples);
    sorted.sort(Double::compare);
    return sorted.get(rank(sorted.size(), q) - 1);
  }

  /** The 1-based nearest rank of the q-th percentile among n samples. */
  static int rank(int n, double q) {
    return Math.max(1, (int) Math.ceil(q / 100.0 * n));
  }

  /** Milliseconds as the report shows them: 3 significant digits below 100, whole numbers above. */
  static String millis(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%.0f ms", value);
    }
    if (Math.abs(value) >= 10) {
      return String.format(Locale.ROOT, "%.1f ms", value);
    }
    return String.format(Locale.ROOT, "%.2f ms", value);
  }
}
