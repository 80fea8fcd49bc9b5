package dev.loupe.benchmarks;

import dev.loupe.benchmarks.append.ThroughputResult;
import dev.loupe.benchmarks.report.Measurement;
import java.util.List;

/**
 * Loupe's journal doing one workload on a durable server and on a fast one in the same run: what the speed mode
 * ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes} off) buys, as fast ÷ durable.
 */
record DurabilityCost(ThroughputResult durable, ThroughputResult fast) {

  DurabilityCost {
    if (!durable.workload().equals(fast.workload()) || durable.writers() != fast.writers()) {
      throw new IllegalArgumentException("compare the same workload and writers, not " + durable.workload() + " x"
          + durable.writers() + " with " + fast.workload() + " x" + fast.writers());
    }
  }

  String workload() {
    return durable.workload().name();
  }

  int writers() {
    return durable.writers();
  }

  int eventsPerAppend() {
    return durable.workload().eventsPerAppend();
  }

  /** Events/s on the fast server over events/s on the durable one; NaN when the durable server did nothing. */
  double fastOverDurable() {
    return durable.eventsPerSecond() == 0 ? Double.NaN : fast.eventsPerSecond() / durable.eventsPerSecond();
  }

  /** Per-append p50 latency on the durable server over the fast one's. */
  double durableOverFastP50() {
    return fast.latency().p50Millis() == 0 ? Double.NaN : durable.latency().p50Millis() / fast.latency().p50Millis();
  }

  List<Measurement> measurements() {
    return List.of(
        measurement("loupe-durable", "events_per_s", durable.eventsPerSecond(), "events/s"),
        measurement("loupe-durable", "p50", durable.latency().p50Millis(), "ms"),
        measurement("loupe-durable", "p99", durable.latency().p99Millis(), "ms"),
        measurement("loupe-durable", "errors", durable.errors(), "appends"),
        measurement("loupe-fast", "events_per_s", fast.eventsPerSecond(), "events/s"),
        measurement("loupe-fast", "p50", fast.latency().p50Millis(), "ms"),
        measurement("loupe-fast", "p99", fast.latency().p99Millis(), "ms"),
        measurement("loupe-fast", "errors", fast.errors(), "appends"),
        new Measurement("ratio", workload(), "loupe-fast/loupe-durable", writers(), eventsPerAppend(),
            "events_per_s_ratio", fastOverDurable(), "x"));
  }

  private Measurement measurement(String system, String metric, double value, String unit) {
    return new Measurement("durability", workload(), system, writers(), eventsPerAppend(), metric, value, unit);
  }
}
