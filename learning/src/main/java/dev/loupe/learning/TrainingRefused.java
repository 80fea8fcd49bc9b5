package dev.loupe.learning;

/** The rows given cannot train a classifier: too few of them, or a single class. Nothing was trained. */
public class TrainingRefused extends IllegalArgumentException {

  public TrainingRefused(String reason) {
    super(reason);
  }
}
