package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryWithBackoffTest {

  @Test
  void shouldWaitLongerTheFewerRetriesAreLeft() {
    assertThat(RetryWithBackoff.before(7)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2400));
    assertThat(RetryWithBackoff.before(4)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2400));
    assertThat(RetryWithBackoff.before(3)).isBetween(Duration.ofSeconds(4), Duration.ofMillis(4800));
    assertThat(RetryWithBackoff.before(2)).isBetween(Duration.ofSeconds(8), Duration.ofMillis(9600));
    assertThat(RetryWithBackoff.before(1)).isBetween(Duration.ofSeconds(16), Duration.ofMillis(19200));
    assertThat(RetryWithBackoff.before(0)).as("the last failure's backoff is moot: it becomes an incident")
        .isBetween(Duration.ofSeconds(16), Duration.ofMillis(19200));
  }

  @Test
  void shouldWaitTheOutageWaitThenTheLastWaitBeforeTheLastTryWhileAServerIsDown() {
    Duration wait = Duration.ofMinutes(1);
    Duration lastWait = Duration.ofMinutes(5);

    assertThat(RetryWithBackoff.duringOutage(2, wait, lastWait)).isBetween(Duration.ofMinutes(1), Duration.ofSeconds(72));
    assertThat(RetryWithBackoff.duringOutage(1, wait, lastWait)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
  }
}
