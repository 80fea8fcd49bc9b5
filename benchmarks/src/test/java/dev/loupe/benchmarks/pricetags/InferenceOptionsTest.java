package dev.loupe.benchmarks.pricetags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InferenceOptionsTest {

  @Test
  void shouldMeasureEverySystemOnAtLeastTwoHundredTagsByDefault() {
    // when
    InferenceOptions options = InferenceOptions.parse();

    // then: 60 images of at least 4 tags each
    assertThat(options.images() * 4).isGreaterThanOrEqualTo(InferenceReport.MIN_TAGS);
    assertThat(options.systems()).containsExactly(InferenceSystem.values());
    assertThat(options.clientCounts()).containsExactly(1, 4);
    assertThat(options.threads()).isEqualTo(2);
  }

  @Test
  void shouldReadSystemsAndCounts() {
    // when
    InferenceOptions options = InferenceOptions.parse("--systems=grpc,in-process", "--clients=1", "--images=10",
        "--warmup=2", "--seed=9");

    // then
    assertThat(options.systems()).containsExactly(InferenceSystem.GRPC, InferenceSystem.IN_PROCESS);
    assertThat(options.clientCounts()).containsExactly(1);
    assertThat(options.images()).isEqualTo(10);
    assertThat(options.seed()).isEqualTo(9);
  }

  @Test
  void shouldRefuseUnknownOptionsSystemsAndTooLongWarmUps() {
    assertThatThrownBy(() -> InferenceOptions.parse("--image=10")).hasMessageContaining("unknown option --image");
    assertThatThrownBy(() -> InferenceOptions.parse("--systems=triton")).hasMessageContaining("no system triton");
    assertThatThrownBy(() -> InferenceOptions.parse("--images=5", "--warmup=6")).hasMessageContaining("--warmup");
    assertThatThrownBy(() -> InferenceOptions.parse("--clients=0")).hasMessageContaining("at least 1");
  }
}
