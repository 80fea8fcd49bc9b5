package dev.loupe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.benchmarks.append.AppendSystem;
import dev.loupe.benchmarks.append.ThroughputResult;
import dev.loupe.benchmarks.append.Workload;
import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.support.Durability;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

  private static final LatencySummary LATENCY = new LatencySummary(1, 0.5, 2, 3, 0.6);

  private static ThroughputResult perSecond(AppendSystem system, Workload workload, int writers, long appends) {
    return new ThroughputResult(system, workload, writers, appends, TimeUnit.SECONDS.toNanos(1), LATENCY, 0);
  }

  @Test
  void shouldCompareLoupeWithAxonAndWithTheBetterOfTheRawInserts() {
    // given
    BenchmarkReport report = new BenchmarkReport("", Map.of());
    report.add(perSecond(AppendSystem.LOUPE, Workload.single(), 16, 6000));
    report.add(perSecond(AppendSystem.AXON, Workload.single(), 16, 2000));
    report.add(perSecond(AppendSystem.INSERT, Workload.single(), 16, 10_000));
    report.add(perSecond(AppendSystem.COPY, Workload.single(), 16, 8000));

    // then
    assertThat(report.versusAxon("single", 16).getAsDouble()).isCloseTo(3.0, within(1e-9));
    assertThat(report.versusCeiling("single", 16).getAsDouble()).isCloseTo(0.6, within(1e-9));
    assertThat(report.versusAxon("single", 4)).isEmpty();
  }

  @Test
  void shouldStateTheGoalsAndWhetherTheyAreMet() {
    // given
    BenchmarkReport report = new BenchmarkReport("--duration=1", Map.of("cores (JVM)", "2"));
    report.add(perSecond(AppendSystem.LOUPE, Workload.single(), 16, 6000));
    report.add(perSecond(AppendSystem.AXON, Workload.single(), 16, 2000));
    report.add(perSecond(AppendSystem.LOUPE, Workload.batch(100), 1, 100));
    report.add(perSecond(AppendSystem.COPY, Workload.batch(100), 1, 400));

    // when
    String markdown = report.markdown(Instant.now());

    // then
    assertThat(markdown)
        .contains("| Loupe ≥ 3× Axon's throughput at 16 writers (one event per append) | 3.00×")
        .contains("| 1 writer: 25 % | at 0 of 1 writer counts |")
        .contains("| single (1 event/append) | 16 | 6 000 · 0.50 / 2.00 | 2 000 · 0.50 / 2.00 | — | 3.00× | — |");
    assertThat(report.csv()).contains("ratio,batch,loupe/raw-ceiling,1,100,events_per_s_ratio,0.2500,x");
  }

  @Test
  void shouldStateWhatTheSpeedModeBuysAsFastOverDurable() {
    // given: the same workloads on a durable server and on a fast one
    BenchmarkReport report = new BenchmarkReport("", Map.of());
    report.postgres(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
    report.postgres(Durability.FAST, Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
    report.add(new DurabilityCost(perSecond(AppendSystem.LOUPE, Workload.single(), 1, 500),
        new ThroughputResult(AppendSystem.LOUPE, Workload.single(), 1, 3000, TimeUnit.SECONDS.toNanos(1),
            new LatencySummary(1, 0.25, 1, 1.5, 0.3), 0)));
    report.add(new DurabilityCost(perSecond(AppendSystem.LOUPE, Workload.batch(100), 4, 400),
        perSecond(AppendSystem.LOUPE, Workload.batch(100), 4, 600)));

    // when
    String markdown = report.markdown(Instant.now());

    // then
    assertThat(markdown)
        .contains("| PostgreSQL fsync | on |")
        .contains("| PostgreSQL full_page_writes | on |")
        .contains("| second PostgreSQL (fast, durability part only) | fsync=off, synchronous_commit=off, "
            + "full_page_writes=off |")
        .contains("| single (1 event/append) | 1 | 500 · 0.50 / 2.00 | 3 000 · 0.25 / 1.00 | 6.00× | 2.00× |")
        .contains("| batch (100 events/append) | 4 | 40 000 · 0.50 / 2.00 | 60 000 · 0.50 / 2.00 | 1.50× | 1.00× |");
    assertThat(report.csv())
        .contains("ratio,single,loupe-fast/loupe-durable,1,1,events_per_s_ratio,6,x")
        .contains("durability,batch,loupe-durable,4,100,events_per_s,40000,events/s")
        .contains("durability,batch,loupe-fast,4,100,events_per_s,60000,events/s");
  }

  @Test
  void shouldRefuseToCompareDifferentWorkloads() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DurabilityCost(
            perSecond(AppendSystem.LOUPE, Workload.single(), 1, 500),
            perSecond(AppendSystem.LOUPE, Workload.single(), 4, 500)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
