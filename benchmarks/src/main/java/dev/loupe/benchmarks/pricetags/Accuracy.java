package dev.loupe.benchmarks.pricetags;

import dev.loupe.benchmarks.pricetags.PriceTagPipeline.Reading;
import dev.loupe.task.GroundTruth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How well the pipeline found and read the tags of a set, as counts that add up over images. A detection matches a
 * tag's text box when their IoU reaches {@link #IOU_THRESHOLD}, pairs taken greedily, highest IoU first (as
 * Loupe's {@code GroundTruth} scores a model against an operator). Readings are compared over matched tags only:
 * exactly, and with spaces ignored (the recogniser's spacing varies with the font, the price does not); the
 * character error rate is the Levenshtein distance over the reference's length, spaces ignored.
 *
 * @param tags tags rendered
 * @param detections text lines the detector found
 * @param matched detections matched to a tag
 * @param exact matched readings equal to the printed price
 * @param exactIgnoringSpaces matched readings equal to it once spaces are dropped from both
 * @param editDistance summed edit distance of matched readings, spaces ignored
 * @param referenceLength summed length of the matched tags' prices, spaces ignored
 * @param iouSum summed IoU of the matched pairs
 */
record Accuracy(int tags, int detections, int matched, int exact, int exactIgnoringSpaces, long editDistance,
    long referenceLength, double iouSum) {

  static final double IOU_THRESHOLD = 0.5;

  static final Accuracy NONE = new Accuracy(0, 0, 0, 0, 0, 0, 0, 0);

  private record Pair(int truth, int reading, double iou) {}

  /** Scores one image's readings against the tags rendered on it. */
  static Accuracy score(List<PriceTag> truth, List<Reading> readings) {
    List<Pair> pairs = new ArrayList<>();
    for (int t = 0; t < truth.size(); t++) {
      for (int r = 0; r < readings.size(); r++) {
        double iou = GroundTruth.iou(truth.get(t).textBox(), readings.get(r).box());
        if (iou >= IOU_THRESHOLD) {
          pairs.add(new Pair(t, r, iou));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
    Set<Integer> usedTruth = new HashSet<>();
    Set<Integer> usedReadings = new HashSet<>();
    int exact = 0;
    int exactIgnoringSpaces = 0;
    long distance = 0;
    long length = 0;
    double iouSum = 0;
    for (Pair pair : pairs) {
      if (usedTruth.contains(pair.truth()) || usedReadings.contains(pair.reading())) {
        continue;
      }
      usedTruth.add(pair.truth());
      usedReadings.add(pair.reading());
      iouSum += pair.iou();
      String expected = truth.get(pair.truth()).text();
      String read = readings.get(pair.reading()).text();
      exact += expected.equals(read) ? 1 : 0;
      exactIgnoringSpaces += withoutSpaces(expected).equals(withoutSpaces(read)) ? 1 : 0;
      distance += levenshtein(withoutSpaces(expected), withoutSpaces(read));
      length += withoutSpaces(expected).length();
    }
    return new Accuracy(truth.size(), readings.size(), usedTruth.size(), exact, exactIgnoringSpaces, distance, length,
        iouSum);
  }

  Accuracy plus(Accuracy other) {
    return new Accuracy(tags + other.tags, detections + other.detections, matched + other.matched,
        exact + other.exact, exactIgnoringSpaces + other.exactIgnoringSpaces, editDistance + other.editDistance,
        referenceLength + other.referenceLength, iouSum + other.iouSum);
  }

  /** Matched detections over all detections. */
  double precision() {
    return detections == 0 ? Double.NaN : matched / (double) detections;
  }

  /** Matched tags over all tags. */
  double recall() {
    return tags == 0 ? Double.NaN : matched / (double) tags;
  }

  /** Exact readings (spaces ignored) over matched tags. */
  double exactMatchRate() {
    return matched == 0 ? Double.NaN : exactIgnoringSpaces / (double) matched;
  }

  /** Exact readings, spaces included, over matched tags. */
  double strictExactMatchRate() {
    return matched == 0 ? Double.NaN : exact / (double) matched;
  }

  /** Mean IoU of the matched pairs: how closely the detector's boxes hug the printed text. */
  double meanIou() {
    return matched == 0 ? Double.NaN : iouSum / matched;
  }

  /** Edit distance over reference length, over matched tags. */
  double characterErrorRate() {
    return referenceLength == 0 ? Double.NaN : editDistance / (double) referenceLength;
  }

  /** The fewest insertions, deletions and substitutions that turn {@code a} into {@code b}. */
  static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String withoutSpaces(String text) {
    return text.replace(" ", "");
  }
}
