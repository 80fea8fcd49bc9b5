package dev.loupe.readmodels.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkScopeTest {

  @Test
  void shouldTakeEveryClassGroupOfItsTaskTypes() {
    WorkScope scope = new WorkScope(List.of("product-detection"), List.of());

    assertThat(scope.takes("product-detection", "beverages")).isTrue();
    assertThat(scope.takes("price-tag-reading", "beverages")).isFalse();
  }

  @Test
  void shouldTakeOnlyTheIntersectionWhenGivenTypesAndClassGroups() {
    WorkScope scope = new WorkScope(List.of("product-detection"), List.of("snacks"));

    assertThat(scope.takes("product-detection", "snacks")).isTrue();
    assertThat(scope.takes("product-detection", "beverages")).isFalse();
    assertThat(scope.takes("price-tag-reading", "snacks")).isFalse();
  }

  @Test
  void shouldTakeNothingWhenGivenNeitherTypesNorClassGroups() {
    WorkScope scope = new WorkScope(List.of(), List.of());

    assertThat(scope.takesAnything()).isFalse();
    assertThat(scope.takes("product-detection", "snacks")).isFalse();
  }
}
