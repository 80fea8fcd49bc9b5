package dev.loupe.benchmarks.pricetags;

import java.awt.image.BufferedImage;
import java.util.List;

/** One synthetic shelf photo and the price tags rendered on it; {@code index} is its place in the generated set. */
public record ShelfImage(int index, BufferedImage image, List<PriceTag> tags) {

  public ShelfImage {
    tags = List.copyOf(tags);
  }
}
