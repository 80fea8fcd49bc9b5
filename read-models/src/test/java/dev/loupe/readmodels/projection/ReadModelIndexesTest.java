package dev.loupe.readmodels.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadModelIndexesTest {

  @Test
  void shouldReadTheVersionOfAReadModelsIndex() {
    assertThat(ReadModelIndexes.versionOf("tasks", "tasks-v12")).isEqualTo(12);
  }

  @Test
  void shouldNotTakeAnotherReadModelsIndexForAVersion() {
    assertThat(ReadModelIndexes.versionOf("tasks", "model-evaluations-v3")).isZero();
    assertThat(ReadModelIndexes.versionOf("tasks", "tasks-next")).isZero();
  }

  @Test
  void shouldNameAnIndexVersion() {
    assertThat(ReadModelIndexes.indexName("model-evaluations", 2)).isEqualTo("model-evaluations-v2");
  }
}
