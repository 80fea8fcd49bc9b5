package dev.loupe.learning;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;

/**
 * A box clipped to its image and widened to whole pixels, with its pixels ({@code 0xRRGGBB}, row by row) as
 * {@link BufferedImage#getRGB} gives them: what every {@link BoxFeatures} reads.
 */
record Crop(int width, int height, int[] pixels) {

  /**
   * @throws IllegalArgumentException when the box has no area or does not overlap the image
   */
  static Crop of(BufferedImage image, Box box) {
    if (!(box.w() > 0) || !(box.h() > 0)) {
      throw new IllegalArgumentException("box " + box + " has no area");
    }
    int x0 = Math.max(0, (int) Math.floor(box.x()));
    int y0 = Math.max(0, (int) Math.floor(box.y()));
    int x1 = Math.min(image.getWidth(), (int) Math.ceil(box.x() + box.w()));
    int y1 = Math.min(image.getHeight(), (int) Math.ceil(box.y() + box.h()));
    if (x1 <= x0 || y1 <= y0) {
      throw new IllegalArgumentException("box " + box + " lies outside the " + image.getWidth() + "×"
          + image.getHeight() + " image");
    }
    int width = x1 - x0;
    int height = y1 - y0;
    return new Crop(width, height, image.getRGB(x0, y0, width, height, null, 0, width));
  }
}
