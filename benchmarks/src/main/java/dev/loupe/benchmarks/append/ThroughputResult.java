package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.report.Measurement;
import java.util.List;

/**
 * What one system did with one workload and a number of writers during the measured window.
 *
 * @param appends appends that completed in the window
 * @param windowNanos the measured window's length
 * @param latency per-append latency of those appends
 * @param errors appends that failed in the window
 */
public record ThroughputResult(
    AppendSystem system,
    Workload workload,
    int writers,
    long appends,
    long windowNanos,
    LatencySummary latency,
    long errors) {

  public double appendsPerSecond() {
    return windowNanos == 0 ? 0 : appends * 1e9 / windowNanos;
  }

  public double eventsPerSecond() {
    return appendsPerSecond() * workload.eventsPerAppend();
  }

  public List<Measurement> measurements() {
    return List.of(
        measurement("events_per_s", eventsPerSecond(), "events/s"),
        measurement("appends_per_s", appendsPerSecond(), "appends/s"),
        measurement("p50", latency.p50Millis(), "ms"),
        measurement("p99", latency.p99Millis(), "ms"),
        measurement("max", latency.maxMillis(), "ms"),
        measurement("errors", errors, "appends"));
  }

  private Measurement measurement(String metric, double value, String unit) {
    return new Measurement("append", workload.name(), system.key(), writers, workload.eventsPerAppend(), metric, value,
        unit);
  }
}
