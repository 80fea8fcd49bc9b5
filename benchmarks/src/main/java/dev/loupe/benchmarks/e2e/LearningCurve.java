package dev.loupe.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the learning-curve benchmark saw of each box a simulated operator drew, and those observations cut into
 * segments by the number of verified objects there were when the box was drawn: {@code [0, c1)}, {@code [c1, c2)},
 * …, {@code [cn, …)} for the training checkpoints {@code c1 < … < cn}. A suggestion is kept when the operator's label
 * (the ground truth) is the suggested class; no suggestion (204) is never kept. Not thread-safe: one operator draws.
 */
final class LearningCurve {

  /**
   * One drawn box: the verified objects before it, its true class, the classifier's suggestion ({@code null} when it
   * answered 204) with its confidence and model version, the suggestion call's round trip, and the two baselines'
   * guesses ({@code null} before they have seen anything).
   */
  record Observation(int verifiedBefore, String truth, String suggested, double confidence, String modelVersion,
      double suggestMillis, String majorityClass, String nearestMeanColour) {

    boolean kept() {
      return truth.equals(suggested);
    }
  }

  /** The observations of one segment, {@code to} exclusive ({@code -1}: open). */
  record Segment(int from, int to, int objects, int suggested, int kept, int majorityKept, int colourKept,
      List<String> versions, Samples suggestLatency) {

    String label() {
      return to < 0 ? from + "+" : from + "–" + (to - 1);
    }

    double keptShare() {
      return objects == 0 ? Double.NaN : (double) kept / objects;
    }

    double majorityShare() {
      return objects == 0 ? Double.NaN : (double) majorityKept / objects;
    }

    double colourShare() {
      return objects == 0 ? Double.NaN : (double) colourKept / objects;
    }
  }

  private final List<Observation> observations = new ArrayList<>();

  void add(Observation observation) {
    observations.add(observation);
  }

  List<Observation> observations() {
    return List.copyOf(observations);
  }

  /** The segments of {@code checkpoints} (ascending), each with at least one observation. */
  List<Segment> segments(List<Integer> checkpoints) {
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    bounds.addAll(new TreeSet<>(checkpoints));
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < bounds.size(); i++) {
      int from = bounds.get(i);
      int to = i + 1 < bounds.size() ? bounds.get(i + 1) : -1;
      List<Observation> in = observations.stream()
          .filter(o -> o.verifiedBefore() >= from && (to < 0 || o.verifiedBefore() < to))
          .toList();
      if (in.isEmpty()) {
        continue;
      }
      Samples latency = new Samples();
      in.forEach(o -> latency.add(o.suggestMillis()));
      segments.add(new Segment(from, to, in.size(),
          (int) in.stream().filter(o -> o.suggested() != null).count(),
          (int) in.stream().filter(Observation::kept).count(),
          (int) in.stream().filter(o -> o.truth().equals(o.majorityClass())).count(),
          (int) in.stream().filter(o -> o.truth().equals(o.nearestMeanColour())).count(),
          in.stream().map(Observation::modelVersion).filter(Objects::nonNull).distinct().toList(),
          latency));
    }
    return segments;
  }
}
