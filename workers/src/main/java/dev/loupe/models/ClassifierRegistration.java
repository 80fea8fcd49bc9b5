package dev.loupe.models;

import dev.loupe.task.ModelRef;
import java.time.Instant;
import java.util.List;

/**
 * The box classifier that suggests a class group's classes, since when: its model, the features its input is computed
 * with ({@code dev.loupe.learning.BoxFeatures#name()}) and the class of each of its outputs, in order.
 */
public record ClassifierRegistration(String classGroupKey, ModelRef model, String features, List<String> classes,
    Instant registeredAt) {

  public ClassifierRegistration {
    classes = List.copyOf(classes);
  }
}
