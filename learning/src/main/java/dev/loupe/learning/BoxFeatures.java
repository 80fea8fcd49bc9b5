package dev.loupe.learning;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;

/**
 * What a box classifier sees of a box: a fixed-length vector computed from the image crop. Training and serving call
 * the same implementation on the same decoded image, so a model always gets the features it was trained on; a model
 * records the {@link #name()} of the features it was trained with, and a new way of computing them is a new name.
 */
public interface BoxFeatures {

  /** A stable name with a version, recorded with every model trained on these features. */
  String name();

  /** The length of every vector {@link #extract} returns. */
  int dimension();

  /**
   * The features of the part of {@code image} under {@code box} (image pixels).
   *
   * @throws IllegalArgumentException when the box does not overlap the image
   */
  float[] extract(BufferedImage image, Box box);
}
