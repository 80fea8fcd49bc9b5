package dev.loupe.task;

/**
 * An object a model found, with its confidence (0..1), and the class the class group's box classifier suggests for
 * it with that suggestion's confidence (both null when the class group had no classifier).
 */
public record DetectedObject(String objectId, int imageIndex, Box box, String classId, double confidence,
    String suggestedClassId, Double suggestedConfidence) {

  public DetectedObject(String objectId, int imageIndex, Box box, String classId, double confidence) {
    this(objectId, imageIndex, box, classId, confidence, null, null);
  }

  /** This object with the classifier's suggestion. */
  public DetectedObject suggested(String classId, double confidence) {
    return new DetectedObject(objectId, imageIndex, box, this.classId, this.confidence, classId, confidence);
  }

  public AnnotatedObject annotated() {
    return new AnnotatedObject(objectId, imageIndex, box, classId);
  }
}
