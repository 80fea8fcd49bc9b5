package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.inference.TritonClient;
import dev.loupe.inference.TritonClientSettings;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import dev.loupe.task.RetryWithBackoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TritonObjectDetectorTest {

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  @Test
  void shouldNormalizeEveryPixelAsThePerPixelFormulaDoes() {
    // given: a noisy 3-byte BGR image (as ImageIO decodes a JPEG) that must be resized to multiples of 32
    BufferedImage image = new BufferedImage(101, 67, BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(7);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }

    // when
    float[] values = TritonObjectDetector.normalized(image, 96, 64);

    // then: bit for bit what (channel / 255 - mean) / deviation per getRGB pixel gives
    assertThat(values).containsExactly(perPixel(image, 96, 64));
  }

  /** The straightforward version: resize, then getRGB each pixel. */
  private static float[] perPixel(BufferedImage image, int width, int height) {
    BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = resized.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    graphics.drawImage(image, 0, 0, width, height, null);
    graphics.dispose();
    int plane = width * height;
    float[] values = new float[3 * plane];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = resized.getRGB(x, y);
        int[] channels = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        for (int c = 0; c < 3; c++) {
          values[c * plane + y * width + x] = (channels[c] / 255f - MEAN[c]) / STD[c];
        }
      }
    }
    return values;
  }

  @Test
  void shouldSayTheModelServerIsUnavailableWhenNothingListensSoTheJobWaitsOutTheOutage() throws Exception {
    // given: a model server whose port is closed, as while it restarts
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ClassGroup tags = new ClassGroup("price-tags", List.of(new ClassGroup.ObjectClass("price-tag", "Price tag")));

    try (TritonClient down = new TritonClient(TritonClientSettings.defaults("127.0.0.1:" + closedPort),
        new SimpleMeterRegistry())) {
      // when / then
      assertThatThrownBy(() -> new TritonObjectDetector(down).detect(new ModelRef("text_detection", "1"),
          new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR), tags))
          .isInstanceOf(ModelServerUnavailable.class)
          .isInstanceOf(RetryWithBackoff.Outage.class);
    }
  }
}
