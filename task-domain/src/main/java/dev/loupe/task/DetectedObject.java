package dev.loupe.task;

/** An object a model found, with its confidence (0..1). */
public record DetectedObject(String objectId, int imageIndex, Box box, String classId, double confidence) {

  public AnnotatedObject annotated() {
    return new AnnotatedObject(objectId, imageIndex, box, classId);
  }
}
