package dev.loupe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineFactsTest {

  @Test
  void shouldShowMemoryInGibibytes() {
    assertThat(MachineFacts.memory("24683656 kB")).isEqualTo("23.5 GiB");
    assertThat(MachineFacts.memory("unknown")).isEqualTo("unknown");
  }
}
