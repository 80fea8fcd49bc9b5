package dev.loupe.benchmarks.relay;

import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.report.Measurement;
import java.util.List;

/**
 * Events appended by Loupe's journal and consumed from Kafka through the relay.
 *
 * @param workload {@code paced} (one event per append at a set rate), {@code single} (one event per append, flat
 *     out) or {@code batch} (flat out)
 * @param pacedEventsPerSecond the rate the writers were held to, 0 when they appended flat out
 * @param events distinct events appended, and consumed
 * @param appendNanos from the first append to the last append's return
 * @param endToEndNanos from the first append to the last event consumed
 * @param lag per event: consumer receive time − the event's recorded time (the database's clock_timestamp() at insert)
 * @param duplicates events consumed more than once (at-least-once delivery)
 */
public record RelayResult(
    String workload,
    int writers,
    int eventsPerAppend,
    double pacedEventsPerSecond,
    long events,
    long appendNanos,
    long endToEndNanos,
    LatencySummary lag,
    long duplicates) {

  /** Relay throughput: events from the first append to the last consumed. */
  public double eventsPerSecond() {
    return endToEndNanos == 0 ? 0 : events * 1e9 / endToEndNanos;
  }

  /** How fast the writers appended meanwhile: the relay cannot beat it. */
  public double appendedPerSecond() {
    return appendNanos == 0 ? 0 : events * 1e9 / appendNanos;
  }

  public List<Measurement> measurements() {
    return List.of(
        measurement("events", events, "events"),
        measurement("events_per_s", eventsPerSecond(), "events/s"),
        measurement("appended_per_s", appendedPerSecond(), "events/s"),
        measurement("lag_p50", lag.p50Millis(), "ms"),
        measurement("lag_p99", lag.p99Millis(), "ms"),
        measurement("lag_max", lag.maxMillis(), "ms"),
        measurement("duplicates", duplicates, "events"));
  }

  private Measurement measurement(String metric, double value, String unit) {
    return new Measurement("relay", workload, "loupe", writers, eventsPerAppend, metric, value, unit);
  }
}
