package dev.loupe.benchmarks.append;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.report.Measurement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThroughputResultTest {

  private static final LatencySummary LATENCY = new LatencySummary(1, 1, 2, 3, 1);

  @Test
  void shouldCountEventsPerSecondAsAppendsPerSecondTimesEventsPerAppend() {
    // given 500 batches of 100 in 2 s
    ThroughputResult result = new ThroughputResult(AppendSystem.LOUPE, Workload.batch(100), 4, 500,
        TimeUnit.SECONDS.toNanos(2), LATENCY, 0);

    // then
    assertThat(result.appendsPerSecond()).isCloseTo(250, within(1e-9));
    assertThat(result.eventsPerSecond()).isCloseTo(25_000, within(1e-9));
  }

  @Test
  void shouldReportItsNumbersAsMeasurementsOfTheAppendSection() {
    // given
    ThroughputResult result = new ThroughputResult(AppendSystem.AXON, Workload.single(), 16, 1000,
        TimeUnit.SECONDS.toNanos(1), LATENCY, 0);

    // then
    assertThat(result.measurements())
        .extracting(Measurement::metric)
        .containsExactly("events_per_s", "appends_per_s", "p50", "p99", "max", "errors");
    assertThat(result.measurements().getFirst().toCsv()).isEqualTo("append,single,axon,16,1,events_per_s,1000,events/s");
  }
}
