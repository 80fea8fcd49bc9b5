package dev.loupe.detection;

import dev.loupe.task.Box;
import java.util.ArrayList;
import java.util.List;

/**
 * Boxes from a segmentation detector's probability map, as DB (Differentiable Binarization, PaddleOCR's text
 * detector) post-processes it: binarize at {@code threshold}, take each 4-connected region, score it by its
 * mean probability, drop weak or tiny ones, and grow ("unclip") each box by area × ratio / perimeter, since
 * the model predicts shrunk regions.
 */
public final class ProbabilityMap {

  private final float[] values;
  private final int width;
  private final int height;

  /** A map of {@code height} rows of {@code width} probabilities, row-major. */
  public ProbabilityMap(float[] values, int width, int height) {
    if (values.length != width * height) {
      throw new IllegalArgumentException("a %dx%d map has %d values, not %d".formatted(width, height, width * height,
          values.length));
    }
    this.values = values;
    this.width = width;
    this.height = height;
  }

  /** A found region: its box in map pixels and its mean probability. */
  public record Region(Box box, double score) {}

  public List<Region> regions(double threshold, double minScore, int minSide, double unclipRatio) {
    boolean[] seen = new boolean[values.length];
    int[] queue = new int[values.length];
    List<Region> regions = new ArrayList<>();
    for (int start = 0; start < values.length; start++) {
      if (seen[start] || values[start] < threshold) {
        continue;
      }
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      seen[start] = true;
      int minX = width;
      int minY = height;
      int maxX = -1;
      int maxY = -1;
      double sum = 0;
      while (head < tail) {
        int at = queue[head++];
        int x = at % width;
        int y = at / width;
        sum += values[at];
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        tail = visit(x - 1, y, threshold, seen, queue, tail);
        tail = visit(x + 1, y, threshold, seen, queue, tail);
        tail = visit(x, y - 1, threshold, seen, queue, tail);
        tail = visit(x, y + 1, threshold, seen, queue, tail);
      }
      double score = sum / tail;
      int regionWidth = maxX - minX + 1;
      int regionHeight = maxY - minY + 1;
      if (score < minScore || Math.min(regionWidth, regionHeight) < minSide) {
        continue;
      }
      double grow = regionWidth * (double) regionHeight * unclipRatio / (2.0 * (regionWidth + regionHeight));
      double left = Math.max(0, minX - grow);
      double top = Math.max(0, minY - grow);
      double right = Math.min(width, maxX + 1 + grow);
      double bottom = Math.min(height, maxY + 1 + grow);
      regions.add(new Region(new Box(left, top, right - left, bottom - top), score));
    }
    return regions;
  }

  private int visit(int x, int y, double threshold, boolean[] seen, int[] queue, int tail) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      return tail;
    }
    int at = y * width + x;
    if (seen[at] || values[at] < threshold) {
      return tail;
    }
    seen[at] = true;
    queue[tail] = at;
    return tail + 1;
  }
}
