package dev.loupe.learning;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;

/**
 * The box features {@value #NAME}: {@link ThumbnailHistogramFeatures}' colour thumbnail, histograms and shape, then
 * where the crop's edges are and which way they run, which colour alone does not say: two products of the same colours
 * that differ in shape or in the text on their label. The crop is cut into a 4×4 grid of cells; in each, a histogram
 * of the luminance gradient's orientation in 8 bins, each pixel weighted by the gradient's magnitude (histograms of
 * oriented gradients, as Dalal and Triggs's HOG, without its block normalisation). Luminance is integer arithmetic on
 * {@link BufferedImage#getRGB} values and the angle is {@link StrictMath}'s, so the same image and box give the same
 * floats on every JVM.
 *
 * <ul>
 *   <li>0..216: {@link ThumbnailHistogramFeatures}, unchanged;
 *   <li>217..344: per cell, row by row of the grid, the 8 orientation bins ({@code [0, π)} in steps of {@code π/8}, 0
 *       a horizontal gradient, that is a vertical edge); each the magnitudes summed in the bin, divided by the sum over
 *       the whole crop and multiplied by the 16 cells, so a crop with its edges spread evenly has cells summing to 1.
 *       A crop without edges, or under 3 pixels wide or high, has 0 throughout.
 * </ul>
 *
 * <p>Gradients are central differences of luminance {@code (299 R + 587 G + 114 B) / 1000} at the crop's inner
 * pixels; a pixel's cell is {@code (y · 4 / height, x · 4 / width)}.
 */
public final class ThumbnailHistogramGradientFeatures implements BoxFeatures {

  public static final String NAME = "thumb8-hist8-grad4x4-v1";
  private static final int GRID = 4;
  private static final int BINS = 8;
  private static final ThumbnailHistogramFeatures COLOUR = new ThumbnailHistogramFeatures();
  private static final int DIMENSION = COLOUR.dimension() + GRID * GRID * BINS;

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
    Crop crop = Crop.of(image, box);
    float[] features = new float[DIMENSION];
    System.arraycopy(COLOUR.extract(crop, box), 0, features, 0, COLOUR.dimension());
    int width = crop.width();
    int height = crop.height();
    int[] luminance = new int[crop.pixels().length];
    for (int i = 0; i < luminance.length; i++) {
      int rgb = crop.pixels()[i];
      luminance[i] = (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
    }
    double[] histograms = new double[GRID * GRID * BINS];
    double total = 0;
    for (int y = 1; y < height - 1; y++) {
      for (int x = 1; x < width - 1; x++) {
        int gx = luminance[y * width + x + 1] - luminance[y * width + x - 1];
        int gy = luminance[(y + 1) * width + x] - luminance[(y - 1) * width + x];
        if (gx == 0 && gy == 0) {
          continue;
        }
        double magnitude = StrictMath.sqrt((double) gx * gx + (double) gy * gy);
        double angle = StrictMath.atan2(gy, gx);
        if (angle < 0) {
          angle += StrictMath.PI;
        }
        if (angle >= StrictMath.PI) {
          angle -= StrictMath.PI;
        }
        int bin = Math.min(BINS - 1, (int) (angle / StrictMath.PI * BINS));
        int cell = (y * GRID / height) * GRID + x * GRID / width;
        histograms[cell * BINS + bin] += magnitude;
        total += magnitude;
      }
    }
    if (total > 0) {
      for (int i = 0; i < histograms.length; i++) {
        features[COLOUR.dimension() + i] = (float) (histograms[i] / total * (GRID * GRID));
      }
    }
    return features;
  }
}
