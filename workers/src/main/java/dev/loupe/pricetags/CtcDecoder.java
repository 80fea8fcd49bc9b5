package dev.loupe.pricetags;

import java.util.List;

/**
 * Greedy CTC decoding of a recogniser's per-timestep class probabilities: the most likely class at each step,
 * repeats collapsed, blanks (class 0) dropped; class {@code i} is {@code alphabet[i - 1]}. Confidence is the
 * mean probability of the characters kept (0 for no character).
 */
public final class CtcDecoder {

  /** Text read from one crop, and how sure the model was (0..1). */
  public record Reading(String text, double confidence) {}

  private final List<String> alphabet;

  /** {@code alphabet} holds the characters of classes 1..n, in order. */
  public CtcDecoder(List<String> alphabet) {
    this.alphabet = List.copyOf(alphabet);
  }

  /** Decodes {@code steps × classes} probabilities, row-major. */
  public Reading decode(float[] probabilities, int steps, int classes) {
    if (probabilities.length != steps * classes || classes != alphabet.size() + 1) {
      throw new IllegalArgumentException("%d probabilities are not %d steps of %d classes (alphabet of %d + blank)"
          .formatted(probabilities.length, steps, classes, alphabet.size()));
    }
    StringBuilder text = new StringBuilder();
    double confidence = 0;
    int kept = 0;
    int previous = 0;
    for (int step = 0; step < steps; step++) {
      int best = 0;
      float bestProbability = -1;
      for (int c = 0; c < classes; c++) {
        float probability = probabilities[step * classes + c];
        if (probability > bestProbability) {
          best = c;
          bestProbability = probability;
        }
      }
      if (best != 0 && best != previous) {
        text.append(alphabet.get(best - 1));
        confidence += bestProbability;
        kept++;
      }
      previous = best;
    }
    return new Reading(text.toString(), kept == 0 ? 0 : confidence / kept);
  }
}
