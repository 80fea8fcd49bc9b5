package dev.loupe.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReportResultWorkerTest {

  @Test
  void shouldDoubleBackoffWithEachFailedDelivery() {
    assertThat(ReportResultWorker.backoffBefore(4)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2400));
    assertThat(ReportResultWorker.backoffBefore(3)).isBetween(Duration.ofSeconds(4), Duration.ofMillis(4800));
    assertThat(ReportResultWorker.backoffBefore(2)).isBetween(Duration.ofSeconds(8), Duration.ofMillis(9600));
    assertThat(ReportResultWorker.backoffBefore(1)).isBetween(Duration.ofSeconds(16), Duration.ofMillis(19200));
  }
}
