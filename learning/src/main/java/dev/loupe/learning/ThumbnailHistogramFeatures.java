package dev.loupe.learning;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;

/**
 * The first box features, {@value #NAME}: the crop (the box clipped to the image, widened to whole pixels) as an
 * 8×8 RGB thumbnail of cell means, an 8-bin histogram per colour channel, and the box's shape. Integer arithmetic on
 * {@link BufferedImage#getRGB} values and no Java2D scaling, so the same image and box give the same floats on every
 * JVM.
 *
 * <ul>
 *   <li>0..191: thumbnail, row by row, cell by cell, R, G, B; each the mean of the cell's pixels / 255;
 *   <li>192..215: histogram of R (8 bins of 32 levels), then G, then B; each bin's share of the crop's pixels;
 *   <li>216: the box's shape, {@code ln(w / h)} of the unclipped box.
 * </ul>
 */
public final class ThumbnailHistogramFeatures implements BoxFeatures {

  public static final String NAME = "thumb8-hist8-v1";
  private static final int SIDE = 8;
  private static final int BINS = 8;
  private static final int THUMBNAIL = SIDE * SIDE * 3;
  private static final int DIMENSION = THUMBNAIL + 3 * BINS + 1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[] extract(BufferedImage image, Box box) {
    return extract(Crop.of(image, box), box);
  }

  /** The features of a crop already cut out ({@link Crop#of}) of {@code box}. */
  float[] extract(Crop crop, Box box) {
    int width = crop.width();
    int height = crop.height();
    int[] pixels = crop.pixels();
    float[] features = new float[DIMENSION];
    for (int row = 0; row < SIDE; row++) {
      int top = row * height / SIDE;
      int bottom = Math.max(top + 1, (row + 1) * height / SIDE);
      for (int column = 0; column < SIDE; column++) {
        int left = column * width / SIDE;
        int right = Math.max(left + 1, (column + 1) * width / SIDE);
        long red = 0;
        long green = 0;
        long blue = 0;
        for (int y = top; y < bottom; y++) {
          for (int x = left; x < right; x++) {
            int rgb = pixels[y * width + x];
            red += (rgb >> 16) & 0xFF;
            green += (rgb >> 8) & 0xFF;
            blue += rgb & 0xFF;
          }
        }
        long count = (long) (bottom - top) * (right - left);
        int cell = (row * SIDE + column) * 3;
        features[cell] = (float) ((double) red / count / 255.0);
        features[cell + 1] = (float) ((double) green / count / 255.0);
        features[cell + 2] = (float) ((double) blue / count / 255.0);
      }
    }
    long[] histogram = new long[3 * BINS];
    for (int rgb : pixels) {
      histogram[((rgb >> 16) & 0xFF) >> 5]++;
      histogram[BINS + (((rgb >> 8) & 0xFF) >> 5)]++;
      histogram[2 * BINS + ((rgb & 0xFF) >> 5)]++;
    }
    for (int bin = 0; bin < histogram.length; bin++) {
      features[THUMBNAIL + bin] = (float) ((double) histogram[bin] / pixels.length);
    }
    features[DIMENSION - 1] = (float) Math.log(box.w() / box.h());
    return features;
  }
}
