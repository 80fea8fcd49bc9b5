package dev.loupe.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How busy one stage of the pipeline was during a step, from the application's own timers: the seconds its calls
 * took in the window (summed over threads), how many calls, and how many threads can work at once. Utilization is
 * busy time over what the stage's threads could have given in the window: near 1, the stage is the limit.
 *
 * @param capacity threads that serve the stage side by side (listener threads, pool connections, cores)
 */
record StageLoad(String stage, String source, double busySeconds, double calls, double capacity, double windowSeconds,
    boolean ceilingCandidate) {

  StageLoad(String stage, String source, double busySeconds, double calls, double capacity, double windowSeconds) {
    this(stage, source, busySeconds, calls, capacity, windowSeconds, true);
  }

  /** The read models whose projectors' listeners are timed. */
  static final List<String> READ_MODELS = List.of("tasks", "model-evaluations", "billing", "operator-sessions");

  /** A stage at or above this utilization sets the ceiling. */
  static final double SATURATED = 0.7;
  /** The machine's CPU (all processes) at or above this share sets the ceiling when no stage is saturated. */
  static final double CPU_SATURATED = 0.9;

  double utilization() {
    return windowSeconds <= 0 || capacity <= 0 ? Double.NaN : busySeconds / (windowSeconds * capacity);
  }

  double meanMillis() {
    return calls <= 0 ? Double.NaN : busySeconds / calls * 1000;
  }

  double callsPerSecond() {
    return windowSeconds <= 0 ? Double.NaN : calls / windowSeconds;
  }

  /**
   * The stages Loupe's metrics time, between two scrapes {@code windowSeconds} apart: journal appends (pool
   * connections), the relay's sends to Kafka (one Debezium thread), each projector's listener (its listener
   * threads: {@code <id>-0}, {@code <id>-1}, …), model-server calls (the cores).
   */
  static List<StageLoad> between(PrometheusSnapshot start, PrometheusSnapshot end, double windowSeconds, int cores) {
    List<StageLoad> stages = new ArrayList<>();
    stages.add(timer(start, end, "journal append", "loupe_journal_append_seconds", labels -> true,
        Math.max(1, end.sum("hikaricp_connections_max")), windowSeconds));
    // the relay sends a batch of rows asynchronously and then waits for all: its sends' times overlap, so their
    // sum is not the thread's busy time and the stage is shown but never named the ceiling
    StageLoad relay = timer(start, end, "relay (send to Kafka)", "spring_kafka_template_seconds", labels -> true, 1,
        windowSeconds);
    stages.add(new StageLoad(relay.stage(), relay.source(), relay.busySeconds(), relay.calls(), relay.capacity(),
        relay.windowSeconds(), false));
    for (String readModel : READ_MODELS) {
      java.util.function.Predicate<String> mine = labels -> PrometheusSnapshot.labelValue(labels, "name")
          .startsWith(readModel + "-projector");
      long threads = Math.max(1, end.distinct("spring_kafka_listener_seconds_count", "name", mine));
      stages.add(timer(start, end, readModel + " projector", "spring_kafka_listener_seconds", mine, threads,
          windowSeconds));
    }
    stages.add(timer(start, end, "inference (model server calls)", "loupe_inference_requests_seconds",
        labels -> true, cores, windowSeconds));
    return stages;
  }

  private static StageLoad timer(PrometheusSnapshot start, PrometheusSnapshot end, String stage, String metric,
      java.util.function.Predicate<String> labels, double capacity, double windowSeconds) {
    double busy = end.sum(metric + "_sum", labels) - start.sum(metric + "_sum", labels);
    double calls = end.sum(metric + "_count", labels) - start.sum(metric + "_count", labels);
    return new StageLoad(stage, metric, Math.max(0, busy), Math.max(0, calls), capacity, windowSeconds);
  }

  /**
   * The stage that sets the ceiling: the most utilized candidate if it is saturated; else the machine's CPU when it is
   * (everything shares 2 cores); else none, and the offered load is what limits the step.
   *
   * @param systemCpu the machine's CPU use in the window, 0–1, NaN when unknown
   */
  static String ceiling(List<StageLoad> stages, double systemCpu) {
    Optional<StageLoad> busiest = stages.stream()
        .filter(stage -> stage.ceilingCandidate() && !Double.isNaN(stage.utilization()) && stage.calls() > 0)
        .max(Comparator.comparingDouble(StageLoad::utilization));
    if (busiest.isPresent() && busiest.get().utilization() >= SATURATED) {
      return busiest.get().stage();
    }
    if (!Double.isNaN(systemCpu) && systemCpu >= CPU_SATURATED) {
      return "the machine's CPU";
    }
    return "none: the offered load";
  }
}
