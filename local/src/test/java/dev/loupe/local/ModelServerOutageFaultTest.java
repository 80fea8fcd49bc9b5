package dev.loupe.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelServerOutageFaultTest {

  @Test
  void shouldRefuseToStartWithTheOutageArmedWhereNoEmbeddedModelServerRuns() {
    assertThatThrownBy(() -> new ModelServerOutageFault(45, true, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model-server-outage is armed")
        .hasMessageContaining("no embedded model server runs here");
  }

  @Test
  void shouldDoNothingUnarmed() {
    assertThatCode(() -> new ModelServerOutageFault(45, false, false)).doesNotThrowAnyException();
  }
}
