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
import java.util.Locale;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailHistogramFeaturesTest {

  private final ThumbnailHistogramFeatures features = new ThumbnailHistogramFeatures();

  @Test
  void shouldComputeTheGoldenFeaturesOfTheGoldenCrop() throws IOException {
    // given: the golden PNG as both training and serving decode it, from its bytes
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png(golden())));

    // when
    float[] extracted = features.extract(image, new Box(10.5, 7.25, 37.5, 21));

    // then: the committed vector, bit for bit; a model trained on these features breaks if this changes
    assertThat(extracted).hasSize(features.dimension());
    assertThat(format(extracted)).isEqualTo(resource("thumb8-hist8-v1.golden.txt"));
  }

  @Test
  void shouldClipABoxThatReachesPastTheImage() {
    BufferedImage image = golden();

    float[] clipped = features.extract(image, new Box(40, 30, 100, 100));

    assertThat(clipped[features.dimension() - 1]).isEqualTo(0f);
    assertThat(clipped).doesNotContain(Float.NaN);
  }

  @Test
  void shouldRefuseABoxOutsideTheImage() {
    assertThatThrownBy(() -> features.extract(golden(), new Box(200, 200, 10, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lies outside");
  }

  /** A 64×48 image of gradients and stripes, the same on every run. */
  static BufferedImage golden() {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int red = (x * 4) & 0xFF;
        int green = (y * 5) & 0xFF;
        int blue = ((x / 4 + y / 3) % 2) * 200;
        image.setRGB(x, y, (red << 16) | (green << 8) | blue);
      }
    }
    return image;
  }

  static String format(float[] values) {
    return Arrays.stream(toObjects(values)).map(value -> String.format(Locale.ROOT, "%08x", Float.floatToIntBits(value)))
        .collect(Collectors.joining("\n")) + "\n";
  }

  private static Float[] toObjects(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ThumbnailHistogramFeaturesTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
