package dev.loupe.benchmarks.learning;

import java.awt.image.BufferedImage;
import java.util.List;

/** One synthetic shelf photo of products and their ground truth; {@code index} is its place in the generated set. */
public record ProductShelf(int index, BufferedImage image, List<ShelfProduct> products) {

  public ProductShelf {
    products = List.copyOf(products);
  }
}
