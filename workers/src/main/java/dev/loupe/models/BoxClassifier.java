package dev.loupe.models;

import dev.loupe.inference.InferRequest;
import dev.loupe.inference.InferResult;
import dev.loupe.inference.InferTensor;
import dev.loupe.inference.InferenceException;
import dev.loupe.inference.TritonClient;
import dev.loupe.learning.BoxFeatures;
import dev.loupe.learning.ThumbnailHistogramFeatures;
import dev.loupe.learning.ThumbnailHistogramGradientFeatures;
import dev.loupe.learning.TrainedClassifier;
import dev.loupe.task.Box;
import dev.loupe.task.ModelRef;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A class group's box classifier on the model server: computes each box's features from the decoded image with the
 * features the registered version was trained on, sends them as one batch, and answers each box's most probable
 * class with its probability. Training's evaluation runs through {@link #probabilities} too, so a version is scored
 * by the very path that serves it.
 */
@Component
public class BoxClassifier {

  /** The class a classifier suggests for a box, with its probability and the version that suggested it. */
  public record Suggestion(String classId, double confidence, ModelRef model) {}

  /** The most boxes sent in one request: the classifier's {@code max_batch_size}. */
  static final int BATCH = 64;
  /** Every box feature set a model may have been trained on: a model keeps the one it was trained with. */
  private static final Map<String, BoxFeatures> FEATURES = Map.of(
      ThumbnailHistogramFeatures.NAME, new ThumbnailHistogramFeatures(),
      ThumbnailHistogramGradientFeatures.NAME, new ThumbnailHistogramGradientFeatures());

  private final ModelRegistry registry;
  private final TritonClient models;

  BoxClassifier(ModelRegistry registry, TritonClient models) {
    this.registry = registry;
    this.models = models;
  }

  /** The features a model was trained on, by the name recorded with it. */
  public static BoxFeatures features(String name) {
    BoxFeatures features = FEATURES.get(name);
    if (features == null) {
      throw new IllegalArgumentException("unknown box features '" + name + "': known are " + FEATURES.keySet());
    }
    return features;
  }

  /** The class group's registered classifier, if it has one. */
  public Optional<ClassifierRegistration> classifierFor(String classGroupKey) {
    return registry.classifierFor(classGroupKey);
  }

  /**
   * A suggestion for each of {@code boxes} on {@code image}, in order; null for a box that does not overlap the image.
   *
   * @throws InferenceException when the model server cannot run the classifier
   */
  public List<Suggestion> suggest(ClassifierRegistration classifier, BufferedImage image, List<Box> boxes) {
    BoxFeatures features = features(classifier.features());
    List<Integer> cropped = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      if (overlaps(image, boxes.get(i))) {
        cropped.add(i);
        rows.add(features.extract(image, boxes.get(i)));
      }
    }
    List<Suggestion> suggestions = new ArrayList<>(Collections.nCopies(boxes.size(), (Suggestion) null));
    if (rows.isEmpty()) {
      return suggestions;
    }
    float[][] probabilities = probabilities(classifier.model(), rows.toArray(float[][]::new));
    for (int r = 0; r < probabilities.length; r++) {
      float[] row = probabilities[r];
      int top = 0;
      for (int c = 1; c < row.length; c++) {
        if (row[c] > row[top]) {
          top = c;
        }
      }
      suggestions.set(cropped.get(r), new Suggestion(classifier.classes().get(top), row[top], classifier.model()));
    }
    return suggestions;
  }

  /** Whether a box has an area and overlaps the image, so that it has features. */
  public static boolean overlaps(BufferedImage image, Box box) {
    return box.w() > 0 && box.h() > 0 && box.x() < image.getWidth() && box.y() < image.getHeight()
        && box.x() + box.w() > 0 && box.y() + box.h() > 0;
  }

  /** The classifier's class probabilities for each row of features, in batches of {@value #BATCH}. */
  public float[][] probabilities(ModelRef model, float[][] rows) {
    float[][] probabilities = new float[rows.length][];
    for (int start = 0; start < rows.length; start += BATCH) {
      int count = Math.min(BATCH, rows.length - start);
      int dimension = rows[start].length;
      float[] batch = new float[count * dimension];
      for (int i = 0; i < count; i++) {
        System.arraycopy(rows[start + i], 0, batch, i * dimension, dimension);
      }
      InferResult result = models.infer(new InferRequest(model.name(), model.version(),
          List.of(InferTensor.fp32(TrainedClassifier.INPUT, new long[] {count, dimension}, batch)),
          List.of(TrainedClassifier.OUTPUT)));
      InferTensor output = result.output(TrainedClassifier.OUTPUT);
      float[] values = output.floats();
      int classes = Math.toIntExact(output.shape()[1]);
      for (int i = 0; i < count; i++) {
        float[] row = new float[classes];
        System.arraycopy(values, i * classes, row, 0, classes);
        probabilities[start + i] = row;
      }
    }
    return probabilities;
  }
}
