package dev.loupe.readmodels.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MappingFieldsTest {

  private static final String WANTED = """
      {"dynamic":"strict","properties":{
        "id":{"type":"keyword"},
        "objects":{"type":"object","enabled":false},
        "recipe":{"properties":{"processId":{"type":"keyword"},"processVersion":{"type":"integer"}}},
        "finishedAt":{"type":"date"}}}""";

  @Test
  void shouldNameTheFieldsAndSubfieldsALiveMappingLacks() {
    String live = """
        {"dynamic":"strict","properties":{"id":{"type":"keyword"},"objects":{"type":"object","enabled":false},
          "recipe":{"properties":{"processId":{"type":"keyword"}}}}}""";

    assertThat(MappingFields.missing(WANTED, live)).containsExactly("finishedAt", "recipe.processVersion");
  }

  @Test
  void shouldFindNothingMissingInTheSameMapping() {
    assertThat(MappingFields.missing(WANTED, WANTED)).isEmpty();
  }

  @Test
  void shouldReadBackTheFieldsAMappingIsMarkedAsNotFilledYet() {
    String marked = MappingFields.marked(WANTED, Set.of("finishedAt", "recipe"));

    assertThat(MappingFields.unfilled(marked)).containsExactly("finishedAt", "recipe");
    assertThat(MappingFields.missing(WANTED, marked)).as("the mark changes no field").isEmpty();
    assertThat(MappingFields.unfilled(WANTED)).isEmpty();
  }
}
