package dev.loupe.benchmarks.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.task.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void shouldGuessNothingBeforeTheFirstVerifiedObject() {
    Baselines baselines = new Baselines();

    assertThat(baselines.majorityClass()).isEmpty();
    assertThat(baselines.nearestMeanColour(new double[] {10, 20, 30})).isEmpty();
  }

  @Test
  void shouldGuessTheClassVerifiedMostOften() {
    // given
    Baselines baselines = new Baselines();
    baselines.verified("cola-can", new double[] {200, 30, 30});
    baselines.verified("tea-box", new double[] {40, 140, 60});
    baselines.verified("tea-box", new double[] {40, 140, 60});

    // then
    assertThat(baselines.majorityClass()).contains("tea-box");
  }

  @Test
  void shouldBreakAMajorityTieByTheSmallerClassId() {
    // given
    Baselines baselines = new Baselines();
    baselines.verified("tea-box", new double[] {40, 140, 60});
    baselines.verified("cola-can", new double[] {200, 30, 30});

    // then
    assertThat(baselines.majorityClass()).contains("cola-can");
  }

  @Test
  void shouldGuessTheClassOfTheNearestMeanColour() {
    // given
    Baselines baselines = new Baselines();
    baselines.verified("cola-can", new double[] {190, 30, 30});
    baselines.verified("cola-can", new double[] {210, 30, 30});
    baselines.verified("soda-can", new double[] {30, 80, 190});

    // then
    assertThat(baselines.nearestMeanColour(new double[] {180, 50, 40})).contains("cola-can");
    assertThat(baselines.nearestMeanColour(new double[] {60, 60, 160})).contains("soda-can");
  }

  @Test
  void shouldAverageTheColourOfTheBoxOnly() {
    // given: red on the left half, blue on the right
    BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.RED);
    graphics.fillRect(0, 0, 10, 10);
    graphics.setColor(Color.BLUE);
    graphics.fillRect(10, 0, 10, 10);
    graphics.dispose();

    // then
    assertThat(Baselines.meanColour(image, new Box(0, 0, 10, 10))).containsExactly(255, 0, 0);
    assertThat(Baselines.meanColour(image, new Box(5, 0, 10, 10))).containsExactly(127.5, 0, 127.5);
  }

  @Test
  void shouldRefuseABoxOutsideTheImage() {
    BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);

    assertThatThrownBy(() -> Baselines.meanColour(image, new Box(30, 0, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the 20 × 10 image");
  }
}
