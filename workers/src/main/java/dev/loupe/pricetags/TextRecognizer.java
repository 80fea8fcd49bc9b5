package dev.loupe.pricetags;

import dev.loupe.pricetags.CtcDecoder.Reading;
import dev.loupe.task.Box;
import dev.loupe.task.ModelRef;
import java.awt.image.BufferedImage;

/** The inference port for reading: runs a text recogniser on one box of an image. */
public interface TextRecognizer {

  /**
   * @throws DetectionFailed when the model cannot run or answers something this recogniser cannot read
   */
  Reading read(ModelRef model, BufferedImage image, Box box);
}
