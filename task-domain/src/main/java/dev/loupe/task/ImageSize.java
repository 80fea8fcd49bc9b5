package dev.loupe.task;

/**
 * The size of one of a task's images in pixels, as it was decoded: what COCO and YOLO exports need to place and
 * normalise boxes.
 *
 * @param imageIndex which of the task's images, from 0
 */
public record ImageSize(int imageIndex, int width, int height) {

  /** The largest side Loupe accepts as a measurement: far above any camera's, far below an int's overflow. */
  public static final int MAX_SIDE = 100_000;
}
