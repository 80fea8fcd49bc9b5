package dev.loupe.benchmarks.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosOptionsTest {

  @Test
  void defaultsAreTheIssuesRunOfTwoThousandTasksAndTwentyFaults() {
    ChaosOptions options = ChaosOptions.parse();

    assertThat(options.tasks()).isEqualTo(2_000);
    assertThat(options.faults()).isEqualTo(20);
    assertThat(options.settle()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readsEachOptionAsNameEqualsValue() {
    ChaosOptions options = ChaosOptions.parse("--tasks=40", "--faults=2", "--rate=2.5", "--operators=3",
        "--settle=300", "--seed=7");

    assertThat(options).isEqualTo(new ChaosOptions(40, 2, 2.5, 3, Duration.ofSeconds(300), 7));
  }

  @Test
  void refusesAnUnknownOptionANonNumberAndANonPositiveRateWithTheUsage() {
    assertThatThrownBy(() -> ChaosOptions.parse("--kills=3")).hasMessageContaining("unknown option --kills")
        .hasMessageContaining("usage: ./loupe chaos");
    assertThatThrownBy(() -> ChaosOptions.parse("--tasks=many")).hasMessageContaining("not a number: --tasks=many");
    assertThatThrownBy(() -> ChaosOptions.parse("--rate=0")).hasMessageContaining("a positive rate");
  }
}
