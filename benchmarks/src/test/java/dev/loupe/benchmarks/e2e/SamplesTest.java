package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void shouldTakeTheNearestRank() {
    // given 1..100 ms
    Samples samples = new Samples();
    IntStream.rangeClosed(1, 100).forEach(samples::add);

    // then
    assertThat(samples.percentile(50)).isEqualTo(50);
    assertThat(samples.percentile(99)).isEqualTo(99);
    assertThat(samples.percentile(100)).isEqualTo(100);
    assertThat(Samples.percentile(List.of(7.0), 99)).isEqualTo(7);
    assertThat(Samples.percentile(List.of(3.0, 1.0, 2.0), 50)).isEqualTo(2);
    assertThat(Samples.rank(10, 99)).isEqualTo(10);
    assertThat(Samples.rank(10, 1)).isEqualTo(1);
  }

  @Test
  void shouldSayNotApplicableWithoutSamples() {
    Samples samples = new Samples();
    assertThat(samples.percentile(50)).isNaN();
    assertThat(samples.format(99)).isEqualTo("n/a");
    assertThatThrownBy(() -> Samples.percentile(List.of(1.0), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMarkAPercentileThatReachesCensoredSamplesAsALowerBound() {
    // given 98 tasks seen, 2 still unfinished when the step gave up at 30 s
    Samples samples = new Samples();
    IntStream.rangeClosed(1, 98).forEach(i -> samples.add(i * 10));
    samples.addCensored(30_000);
    samples.addCensored(30_000);

    // then
    assertThat(samples.lowerBound(50)).isFalse();
    assertThat(samples.format(50)).isEqualTo("500 ms");
    assertThat(samples.lowerBound(99)).isTrue();
    assertThat(samples.format(99)).isEqualTo("≥ 30000 ms");
    assertThat(samples.censored()).isEqualTo(2);
  }

  @Test
  void shouldFormatMillisWithThreeSignificantDigits() {
    assertThat(Samples.millis(1234.4)).isEqualTo("1234 ms");
    assertThat(Samples.millis(12.345)).isEqualTo("12.3 ms");
    assertThat(Samples.millis(1.2345)).isEqualTo("1.23 ms");
  }
}
