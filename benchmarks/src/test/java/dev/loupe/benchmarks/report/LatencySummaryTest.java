package dev.loupe.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void shouldReportPercentilesInMillisecondsOfLatenciesRecordedInNanoseconds() {
    // given 1..100 ms, one each
    Histogram histogram = LatencySummary.newHistogram();
    for (int millis = 1; millis <= 100; millis++) {
      LatencySummary.recordNanos(histogram, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    // when
    LatencySummary summary = LatencySummary.of(histogram);

    // then: within the histogram's 3 significant digits
    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50Millis()).isCloseTo(50, within(0.1));
    assertThat(summary.p99Millis()).isCloseTo(99, within(0.1));
    assertThat(summary.maxMillis()).isCloseTo(100, within(0.1));
    assertThat(summary.meanMillis()).isCloseTo(50.5, within(0.1));
  }

  @Test
  void shouldCountSubMicrosecondLatenciesAsOneMicrosecond() {
    // given
    Histogram histogram = LatencySummary.newHistogram();

    // when
    LatencySummary.recordNanos(histogram, 300);

    // then
    assertThat(LatencySummary.of(histogram).maxMillis()).isEqualTo(0.001);
  }

  @Test
  void shouldCapLatenciesBeyondTheTrackableRangeInsteadOfFailing() {
    // given
    Histogram histogram = LatencySummary.newHistogram();

    // when
    LatencySummary.recordNanos(histogram, TimeUnit.HOURS.toNanos(2));

    // then
    assertThat(LatencySummary.of(histogram).maxMillis()).isCloseTo(600_000, within(600.0));
  }

  @Test
  void shouldSayNothingAboutAnEmptyHistogram() {
    // when
    LatencySummary summary = LatencySummary.of(LatencySummary.newHistogram());

    // then
    assertThat(summary.count()).isZero();
    assertThat(summary.p50Millis()).isNaN();
    assertThat(summary.p99Millis()).isNaN();
  }
}
