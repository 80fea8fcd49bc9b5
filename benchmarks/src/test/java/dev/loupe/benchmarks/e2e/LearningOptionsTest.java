package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LearningOptionsTest {

  @Test
  void shouldTrainAtIssue17sCheckpointsByDefault() {
    LearningOptions options = LearningOptions.parse();

    assertThat(options.checkpoints()).containsExactly(50, 100, 200, 500, 1000);
    assertThat(options.objectsToVerify()).isEqualTo(1200);
    assertThat(options.override()).isFalse();
    assertThat(options.trainTimeout()).isEqualTo(Duration.ofSeconds(180));
  }

  @Test
  void shouldTakeSmallerCheckpointsAndTail() {
    LearningOptions options = LearningOptions.parse("--checkpoints=30,60", "--tail=40", "--override=true");

    assertThat(options.checkpoints()).containsExactly(30, 60);
    assertThat(options.objectsToVerify()).isEqualTo(100);
    assertThat(options.override()).isTrue();
  }

  @Test
  void shouldRefuseCheckpointsOutOfOrder() {
    assertThatThrownBy(() -> LearningOptions.parse("--checkpoints=100,50"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending");
  }

  @Test
  void shouldRefuseAnUnknownOption() {
    assertThatThrownBy(() -> LearningOptions.parse("--checkpoint=50"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --checkpoint");
  }
}
