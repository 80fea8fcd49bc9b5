package dev.loupe.learning;

import java.util.List;

/**
 * A trained box classifier as the model server serves it: an ONNX model with input {@value #INPUT} FP32
 * {@code [-1, dimension]} and output {@value #OUTPUT} FP32 {@code [-1, classes.size()]}, the probability of each class
 * in the order of {@code classes}.
 *
 * @param features the {@link BoxFeatures#name()} its input is computed with
 */
public record TrainedClassifier(String features, int dimension, List<String> classes, byte[] onnx) {

  public static final String INPUT = "features";
  public static final String OUTPUT = "probabilities";

  public TrainedClassifier {
    classes = List.copyOf(classes);
  }
}
