package dev.loupe.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailHistogramGradientFeaturesTest {

  private static final int COLOUR = new ThumbnailHistogramFeatures().dimension();
  private final ThumbnailHistogramGradientFeatures features = new ThumbnailHistogramGradientFeatures();

  @Test
  void shouldComputeTheGoldenFeaturesOfTheGoldenCrop() throws IOException {
    // given: the golden PNG as both training and serving decode it, from its bytes
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(ThumbnailHistogramFeaturesTest.golden(), "png", png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));

    // when
    float[] extracted = features.extract(image, new Box(10.5, 7.25, 37.5, 21));

    // then: the committed vector, bit for bit; a model trained on these features breaks if this changes
    assertThat(extracted).hasSize(features.dimension());
    assertThat(ThumbnailHistogramFeaturesTest.format(extracted)).isEqualTo(resource("thumb8-hist8-grad4x4-v1.golden.txt"));
  }

  @Test
  void shouldBeginWithTheColourFeaturesUnchanged() {
    BufferedImage image = ThumbnailHistogramFeaturesTest.golden();
    Box box = new Box(3, 4, 50, 30);

    float[] extracted = features.extract(image, box);

    assertThat(Arrays.copyOf(extracted, COLOUR)).isEqualTo(new ThumbnailHistogramFeatures().extract(image, box));
  }

  @Test
  void shouldPutAVerticalEdgeInTheFirstOrientationBinOfTheCellsItCrosses() {
    // given: dark left half, light right half: the gradient runs horizontally, in the grid's two middle columns
    BufferedImage image = filled(40, 40, (x, y) -> x < 20 ? 0x202020 : 0xE0E0E0);

    float[] extracted = features.extract(image, new Box(0, 0, 40, 40));

    for (int row = 0; row < 4; row++) {
      for (int column = 0; column < 4; column++) {
        float horizontalGradient = gradients(extracted, row, column)[0];
        if (column == 1 || column == 2) {
          assertThat(horizontalGradient).as("cell %d,%d", row, column).isPositive();
        } else {
          assertThat(horizontalGradient).as("cell %d,%d", row, column).isZero();
        }
        assertThat(Arrays.copyOfRange(gradients(extracted, row, column), 1, 8)).containsOnly(0f);
      }
    }
  }

  @Test
  void shouldPutAHorizontalEdgeInTheMiddleOrientationBin() {
    BufferedImage image = filled(40, 40, (x, y) -> y < 20 ? 0xE0E0E0 : 0x202020);

    float[] extracted = features.extract(image, new Box(0, 0, 40, 40));

    float[] cell = gradients(extracted, 1, 0);
    assertThat(cell[4]).isPositive();
    assertThat(cell[0] + cell[1] + cell[2] + cell[3] + cell[5] + cell[6] + cell[7]).isZero();
  }

  @Test
  void shouldWeighEveryCellSoThatTheirSumIsTheNumberOfCells() {
    float[] extracted = features.extract(ThumbnailHistogramFeaturesTest.golden(), new Box(0, 0, 64, 48));

    double sum = 0;
    for (int i = COLOUR; i < extracted.length; i++) {
      sum += extracted[i];
    }
    assertThat(sum).isCloseTo(16, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void shouldGiveNoGradientsForACropWithoutEdges() {
    float[] extracted = features.extract(filled(30, 30, (x, y) -> 0x336699), new Box(2, 2, 20, 20));

    assertThat(Arrays.copyOfRange(extracted, COLOUR, extracted.length)).containsOnly(0f);
  }

  @Test
  void shouldGiveNoGradientsForACropTooThinToHaveInnerPixels() {
    float[] extracted = features.extract(ThumbnailHistogramFeaturesTest.golden(), new Box(5, 5, 2, 30));

    assertThat(Arrays.copyOfRange(extracted, COLOUR, extracted.length)).containsOnly(0f);
  }

  @Test
  void shouldRefuseABoxOutsideTheImage() {
    assertThatThrownBy(() -> features.extract(ThumbnailHistogramFeaturesTest.golden(), new Box(200, 200, 10, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lies outside");
  }

  private interface Paint {
    int rgb(int x, int y);
  }

  private static BufferedImage filled(int width, int height, Paint paint) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, paint.rgb(x, y));
      }
    }
    return image;
  }

  private static float[] gradients(float[] features, int row, int column) {
    int from = COLOUR + (row * 4 + column) * 8;
    return Arrays.copyOfRange(features, from, from + 8);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ThumbnailHistogramGradientFeaturesTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
