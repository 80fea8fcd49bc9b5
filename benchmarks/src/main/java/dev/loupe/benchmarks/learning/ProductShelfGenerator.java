package dev.loupe.benchmarks.learning;

import dev.loupe.benchmarks.pricetags.ShelfPaint;
import dev.loupe.task.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Renders synthetic shelf photos of products of the {@link ProductClass#CATALOGUE}, for the learning-curve benchmark:
 * the price-tag generator's shelves and camera ({@link ShelfPaint}), with products of known class standing on them
 * instead of unlabelled boxes. Each image has two shelves; products stand side by side with gaps, each scaled by up to
 * ±15 %, its body colour off by up to ±22 per channel and lit 80–120 %, so no two of a class look alike.
 *
 * <p>Classes are dealt from a shuffled deck of the whole catalogue, refilled when empty, so every image shows every
 * class at least once (an image holds more products than there are classes). Image {@code i} depends only on the seed
 * and {@code i}: a set is the same on every run of one JVM and font configuration, and a longer set starts with the
 * shorter one.
 */
public final class ProductShelfGenerator {

  /** Side lengths of every generated image. */
  public static final int WIDTH = 960;
  public static final int HEIGHT = 540;

  private static final int[] SHELF_EDGES = {250, 500};
  private static final int STRIP_HEIGHT = 30;
  private static final int MARGIN = 8;
  private static final double MAX_SCALE = 0.15;
  private static final int COLOUR_JITTER = 22;

  private final long seed;

  public ProductShelfGenerator(long seed) {
    this.seed = seed;
  }

  /** The first {@code count} images of this seed's set. */
  public List<ProductShelf> images(int count) {
    return IntStream.range(0, count).mapToObj(this::image).toList();
  }

  /** Image {@code index} of this seed's set. */
  public ProductShelf image(int index) {
    Random random = new Random(seed * 1_000_033L + index);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = ShelfPaint.wall(image, random);
    Deque<ProductClass> deck = new ArrayDeque<>();
    List<ShelfProduct> products = new ArrayList<>();
    for (int edge : SHELF_EDGES) {
      graphics.setColor(ShelfPaint.muted(random, 60, 140));
      graphics.fillRect(0, edge, WIDTH, Math.min(STRIP_HEIGHT, HEIGHT - edge));
      int x = MARGIN + random.nextInt(12);
      while (true) {
        if (deck.isEmpty()) {
          List<ProductClass> shuffled = new ArrayList<>(ProductClass.CATALOGUE);
          Collections.shuffle(shuffled, random);
          deck.addAll(shuffled);
        }
        ProductClass product = deck.peek();
        double scale = 1 + (random.nextDouble() * 2 - 1) * MAX_SCALE;
        int w = (int) Math.round(product.shape().width * scale);
        int h = (int) Math.round(product.shape().height * scale);
        if (x + w > WIDTH - MARGIN) {
          break;
        }
        deck.pop();
        product.shape().draw(graphics, product, lit(product.body(), random), x, edge, w, h);
        products.add(new ShelfProduct(product.id(), new Box(x, edge - h, w, h)));
        x += w + 3 + random.nextInt(14);
      }
    }
    graphics.dispose();
    return new ProductShelf(index, ShelfPaint.degrade(image, random), products);
  }

  /** The class's body colour as this one product shows it: each channel off a little, then lit brighter or darker. */
  private static Color lit(Color body, Random random) {
    double light = 0.8 + random.nextDouble() * 0.4;
    return new Color(channel(body.getRed(), random, light), channel(body.getGreen(), random, light),
        channel(body.getBlue(), random, light));
  }

  private static int channel(int value, Random random, double light) {
    return Math.clamp(Math.round((value + random.nextInt(2 * COLOUR_JITTER + 1) - COLOUR_JITTER) * light), 0, 255);
  }
}
