package dev.loupe.benchmarks.learning;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The two simple guesses the learning-curve benchmark reports beside the trained classifier, fed the same verified
 * objects in the same order: the majority class (the class verified most often so far) and the nearest mean colour
 * (the class whose verified crops' mean colour is closest, in RGB, to the box's mean colour). Each guesses from what
 * it has been shown before, never from the object at hand.
 */
public final class Baselines {

  private final Map<String, Integer> counts = new HashMap<>();
  private final Map<String, double[]> colourSums = new HashMap<>();

  /** The majority class so far (ties go to the smaller class id), empty before the first verified object. */
  public Optional<String> majorityClass() {
    return counts.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(
            java.util.Comparator.reverseOrder())))
        .map(Map.Entry::getKey);
  }

  /** The class whose mean verified colour is nearest to {@code colour}; empty before the first verified object. */
  public Optional<String> nearestMeanColour(double[] colour) {
    String nearest = null;
    double best = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, double[]> sum : colourSums.entrySet()) {
      int count = counts.get(sum.getKey());
      double distance = 0;
      for (int channel = 0; channel < 3; channel++) {
        double difference = sum.getValue()[channel] / count - colour[channel];
        distance += difference * difference;
      }
      if (distance < best || distance == best && sum.getKey().compareTo(nearest) < 0) {
        best = distance;
        nearest = sum.getKey();
      }
    }
    return Optional.ofNullable(nearest);
  }

  /** Learns one verified object: its class and the mean colour of its box. */
  public void verified(String classId, double[] colour) {
    counts.merge(classId, 1, Integer::sum);
    double[] sum = colourSums.computeIfAbsent(classId, id -> new double[3]);
    for (int channel = 0; channel < 3; channel++) {
      sum[channel] += colour[channel];
    }
  }

  /** The mean red, green and blue of the pixels of {@code box} (clipped to the image). */
  public static double[] meanColour(BufferedImage image, Box box) {
    int left = Math.max(0, (int) Math.floor(box.x()));
    int top = Math.max(0, (int) Math.floor(box.y()));
    int right = Math.min(image.getWidth(), (int) Math.ceil(box.x() + box.w()));
    int bottom = Math.min(image.getHeight(), (int) Math.ceil(box.y() + box.h()));
    if (right <= left || bottom <= top) {
      throw new IllegalArgumentException("the box " + box + " lies outside the " + image.getWidth() + " × "
          + image.getHeight() + " image");
    }
    int[] pixels = image.getRGB(left, top, right - left, bottom - top, null, 0, right - left);
    double[] sum = new double[3];
    for (int rgb : pixels) {
      sum[0] += (rgb >> 16) & 0xff;
      sum[1] += (rgb >> 8) & 0xff;
      sum[2] += rgb & 0xff;
    }
    return new double[] {sum[0] / pixels.length, sum[1] / pixels.length, sum[2] / pixels.length};
  }
}
