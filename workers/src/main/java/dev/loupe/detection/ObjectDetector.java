package dev.loupe.detection;

import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import java.awt.image.BufferedImage;
import java.util.List;

/** The inference port: runs a model on one image and says what it found, in the image's pixels. */
public interface ObjectDetector {

  /**
   * @throws DetectionFailed when the model cannot run or answers something this detector cannot read
   */
  List<Detection> detect(ModelRef model, BufferedImage image, ClassGroup classGroup);
}
