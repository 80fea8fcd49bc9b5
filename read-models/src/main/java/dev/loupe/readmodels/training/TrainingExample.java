package dev.loupe.readmodels.training;

import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A finished task as training data: its images, the objects of its result (after every operator's work), who
 * verified them and which model pre-labelled them.
 *
 * @param verifiedBy the operator who finished the last session of the task's run; null when no operator saw it
 * @param preLabelledBy the model whose objects the operator started from (or that made the result alone); null when
 *     the operator drew from scratch
 * @param finishedAt when the result was delivered to the client (the run's TaskReported)
 */
public record TrainingExample(String taskId, ClassGroup classGroup, List<ExampleImage> images,
    List<AnnotatedObject> objects, String verifiedBy, ModelRef preLabelledBy, Origin origin, Instant finishedAt) {

  /** One of the task's images; {@code width} and {@code height} are null when it was never measured. */
  public record ExampleImage(int imageIndex, URI url, Integer width, Integer height) {

    public boolean measured() {
      return width != null && height != null;
    }

    /** The name its annotations go by in an export: unique in the dataset, the same in every export. */
    public String name(String taskId) {
      return taskId + "-" + imageIndex;
    }
  }

  /** How the result came to be. */
  public enum Origin {
    /** The model's result, which no operator saw. */
    AUTOMATIC,
    /** The model's result as an operator checked and corrected it. */
    CHECKED,
    /** An operator drew it without a model's help. */
    DRAWN
  }

  public boolean verified() {
    return origin != Origin.AUTOMATIC;
  }

  /** The objects on one of the images. */
  public List<AnnotatedObject> objectsOn(int imageIndex) {
    return objects.stream().filter(object -> object.imageIndex() == imageIndex).toList();
  }
}
