package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusSnapshotTest {

  @Test
  void shouldSumSeriesByNameAndLabels() {
    PrometheusSnapshot snapshot = PrometheusSnapshot.parse("""
        # TYPE camunda_job_invocations_total counter
        camunda_job_invocations_total{action="activated",type="loupe.resolve-model"} 3.0
        camunda_job_invocations_total{action="completed",type="loupe.resolve-model"} 2.0
        camunda_job_invocations_total{action="completed",type="loupe.report-result"} 1.0
        loupe_relay_lag_events NaN
        process_cpu_time_ns_total 1.5E9
        """);
    assertThat(snapshot.sum("camunda_job_invocations_total")).isEqualTo(6);
    assertThat(snapshot.sum("camunda_job_invocations_total", labels -> labels.contains("action=\"completed\"")))
        .isEqualTo(3);
    assertThat(snapshot.sum("loupe_relay_lag_events")).isZero();
    assertThat(snapshot.sum("process_cpu_time_ns_total")).isEqualTo(1.5e9);
    assertThat(snapshot.has("loupe_relay_lag_events")).isTrue();
    assertThat(snapshot.has("loupe_relay")).isFalse();
    assertThat(snapshot.distinct("camunda_job_invocations_total", "type", labels -> true)).isEqualTo(2);
  }
}
