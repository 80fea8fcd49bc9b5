package dev.loupe.benchmarks.pricetags;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes one synthetic 960 × 540 shelf photo as a PNG, for runs that need an image on a web server (the
 * automatic-path burst, {@code benchmarks/automatic-path-burst.py}). Arguments: the file, then optionally the image's
 * index (0) and the seed (5, the inference benchmark's).
 */
public final class ShelfPng {

  private ShelfPng() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: ShelfPng <file.png> [index=0] [seed=5]");
      System.exit(2);
    }
    int index = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 5;
    ShelfImage shelf = new PriceTagGenerator(seed).image(index);
    ImageIO.write(shelf.image(), "png", Path.of(args[0]).toFile());
    System.out.println("wrote " + args[0] + ": " + shelf.tags().size() + " price tags");
  }
}
