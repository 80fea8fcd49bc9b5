package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbabilityMapTest {

  @Test
  void shouldFindEachConnectedRegionAndGrowItsBox() {
    // given: a 20x10 map with two blobs, one strong and one weak
    float[] values = new float[20 * 10];
    fill(values, 20, 2, 2, 6, 4, 0.9f);
    fill(values, 20, 12, 5, 4, 3, 0.4f);

    // when
    List<ProbabilityMap.Region> regions = new ProbabilityMap(values, 20, 10).regions(0.3, 0.6, 2, 1.5);

    // then: only the strong blob, grown by area*1.5/perimeter = 24*1.5/20 = 1.8 on each side
    assertThat(regions).singleElement().satisfies(region -> {
      assertThat(region.score()).isEqualTo(0.9f, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(List.of(region.box().x(), region.box().y(), region.box().w(), region.box().h()))
          .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
          .containsExactly(0.2, 0.2, 9.6, 7.6);
    });
  }

  @Test
  void shouldDropRegionsThinnerThanTheMinimumSide() {
    float[] values = new float[10 * 10];
    fill(values, 10, 0, 5, 10, 1, 0.9f);

    assertThat(new ProbabilityMap(values, 10, 10).regions(0.3, 0.6, 2, 1.5)).isEmpty();
  }

  @Test
  void shouldRefuseAMapOfTheWrongSize() {
    assertThatThrownBy(() -> new ProbabilityMap(new float[5], 2, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void fill(float[] values, int width, int x, int y, int w, int h, float value) {
    for (int row = y; row < y + h; row++) {
      for (int column = x; column < x + w; column++) {
        values[row * width + column] = value;
      }
    }
  }
}
