package dev.loupe.readmodels.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ModelQualityTest {

  @Test
  void shouldOrderNumberedVersionsAsNumbers() {
    assertThat(Stream.of("10", "9", "2", "beta", "alpha").sorted(ModelQuality::compareVersions))
        .containsExactly("2", "9", "10", "alpha", "beta");
  }
}
