package dev.loupe.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementTest {

  @Test
  void shouldWriteOneCsvLineWithWholeNumbersWithoutDecimals() {
    // given
    Measurement rate = new Measurement("append", "single", "loupe", 16, 1, "events_per_s", 12_345.0, "events/s");
    Measurement latency = new Measurement("append", "single", "loupe", 16, 1, "p99", 1.23456789, "ms");

    // then
    assertThat(rate.toCsv()).isEqualTo("append,single,loupe,16,1,events_per_s,12345,events/s");
    assertThat(latency.toCsv()).isEqualTo("append,single,loupe,16,1,p99,1.2346,ms");
  }

  @Test
  void shouldLeaveAMissingValueEmptyAndQuoteFieldsThatNeedIt() {
    // given
    Measurement measurement = new Measurement("ratio", "single", "loupe/axon, \"raw\"", 1, 1, "p50", Double.NaN, "x");

    // then
    assertThat(measurement.toCsv()).isEqualTo("ratio,single,\"loupe/axon, \"\"raw\"\"\",1,1,p50,,x");
  }
}
