package dev.loupe.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a classifier did on a holdout: its accuracy and confusion matrix.
 *
 * @param confusion true class → predicted class → count; a box the model has no suggestion for is predicted
 *     {@value #NONE}
 */
public record Evaluation(int examples, int correct, double accuracy, Map<String, Map<String, Integer>> confusion) {

  /** What a box the model could not classify counts as. */
  public static final String NONE = "";

  /** Scores {@code predicted} (the same length as {@code truth}; null for no prediction) against {@code truth}. */
  public static Evaluation of(List<String> truth, List<String> predicted) {
    if (truth.size() != predicted.size()) {
      throw new IllegalArgumentException(truth.size() + " true classes but " + predicted.size() + " predictions");
    }
    Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    int correct = 0;
    for (int i = 0; i < truth.size(); i++) {
      String actual = truth.get(i);
      String guess = predicted.get(i) == null ? NONE : predicted.get(i);
      if (actual.equals(guess)) {
        correct++;
      }
      confusion.computeIfAbsent(actual, key -> new TreeMap<>()).merge(guess, 1, Integer::sum);
    }
    double accuracy = truth.isEmpty() ? 0 : (double) correct / truth.size();
    return new Evaluation(truth.size(), correct, accuracy, confusion);
  }

  /** The most probable class of each row of {@code probabilities}, in the order of {@code classes}. */
  public static List<String> argmax(float[][] probabilities, List<String> classes) {
    List<String> best = new ArrayList<>();
    for (float[] row : probabilities) {
      int top = 0;
      for (int c = 1; c < row.length; c++) {
        if (row[c] > row[top]) {
          top = c;
        }
      }
      best.add(classes.get(top));
    }
    return best;
  }
}
