package dev.loupe.benchmarks.pricetags;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Arrays;
import java.util.Random;

/**
 * What every synthetic shelf photo shares, whatever is on its shelves (price tags, products): the muted colours of
 * walls and shelf edges, and the camera's blur and noise. Each draws from the caller's {@link Random}, so an image
 * stays a function of its seed and index.
 */
public final class ShelfPaint {

  private ShelfPaint() {}

  /** Antialiased graphics on {@code image}, its whole area painted as a wall in a muted colour. */
  public static Graphics2D wall(BufferedImage image, Random random) {
    Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setColor(muted(random, 150, 220));
    graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
    return graphics;
  }

  /** What a camera adds: sometimes a slight blur, then Gaussian noise (σ up to 10) and up to 0.3 % salt and pepper. */
  public static BufferedImage degrade(BufferedImage image, Random random) {
    int width = image.getWidth();
    int height = image.getHeight();
    BufferedImage result = image;
    if (random.nextInt(10) < 3) {
      float[] kernel = new float[9];
      Arrays.fill(kernel, 1f / 9);
      result = new ConvolveOp(new Kernel(3, 3, kernel), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
    }
    double sigma = random.nextDouble() * 10;
    double salt = random.nextDouble() * 0.003;
    int[] pixels = result.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < pixels.length; i++) {
      if (random.nextDouble() < salt) {
        pixels[i] = random.nextBoolean() ? 0xffffff : 0;
        continue;
      }
      int rgb = pixels[i];
      int r = noisy((rgb >> 16) & 0xff, random, sigma);
      int g = noisy((rgb >> 8) & 0xff, random, sigma);
      int b = noisy(rgb & 0xff, random, sigma);
      pixels[i] = (r << 16) | (g << 8) | b;
    }
    BufferedImage degraded = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    degraded.setRGB(0, 0, width, height, pixels, 0, width);
    return degraded;
  }

  /** A greyish colour of brightness between {@code low} and {@code high}, each channel off by up to ±15. */
  public static Color muted(Random random, int low, int high) {
    int base = low + random.nextInt(high - low);
    return new Color(Math.clamp(base + random.nextInt(31) - 15, 0, 255), Math.clamp(base + random.nextInt(31) - 15, 0, 255),
        Math.clamp(base + random.nextInt(31) - 15, 0, 255));
  }

  private static int noisy(int channel, Random random, double sigma) {
    return Math.clamp(Math.round(channel + random.nextGaussian() * sigma), 0, 255);
  }
}
