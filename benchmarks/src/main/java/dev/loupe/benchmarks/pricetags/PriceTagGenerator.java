package dev.loupe.benchmarks.pricetags;

import dev.loupe.task.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Renders synthetic shelf photos with shelf-edge price tags whose text is known, for measuring the price-tag
 * pipeline's detection and reading. Each image shows two shelves of unlabelled products above shelf-edge strips;
 * each strip holds two or three tags (white, yellow or red) with one price each, in one of the JVM's logical fonts
 * (which exist on any headless JVM), plain or bold, at a size that fits the tag, the tag turned by up to ±3°, then
 * optionally blurred and sprinkled with Gaussian and salt-and-pepper noise.
 *
 * <p>Image {@code i} depends only on the seed and {@code i}: a set is the same on every run of one JVM and font
 * configuration, and a longer set starts with the shorter one. Prices use only digits, {@code .}, {@code ,},
 * {@code T}, {@code L} and the space, all of which PaddleOCR's recogniser knows; the ground-truth box is the
 * rotated glyph outline's bounding box, because the detector marks text lines, not tags.
 */
public final class PriceTagGenerator {

  /** Every character a generated price may contain. */
  public static final String CHARACTERS = "0123456789.,TL ";

  /** Side lengths of every generated image: 960 × 540, which the detector takes without scaling it down. */
  public static final int WIDTH = 960;
  public static final int HEIGHT = 540;

  private static final String[] FAMILIES = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED, Font.DIALOG, Font.DIALOG_INPUT};
  private static final int[] SHELF_EDGES = {200, 450};
  private static final int STRIP_HEIGHT = 78;
  private static final double MAX_TILT_DEGREES = 3;

  private final long seed;

  public PriceTagGenerator(long seed) {
    this.seed = seed;
  }

  /** The first {@code count} images of this seed's set. */
  public List<ShelfImage> images(int count) {
    return IntStream.range(0, count).mapToObj(this::image).toList();
  }

  /** Image {@code index} of this seed's set. */
  public ShelfImage image(int index) {
    Random random = new Random(seed * 1_000_003L + index);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = ShelfPaint.wall(image, random);
    List<PriceTag> tags = new ArrayList<>();
    int shelfTop = 0;
    for (int edge : SHELF_EDGES) {
      drawProducts(graphics, random, shelfTop + 12, edge);
      graphics.setColor(ShelfPaint.muted(random, 60, 140));
      graphics.fillRect(0, edge, WIDTH, STRIP_HEIGHT);
      int slots = 2 + random.nextInt(2);
      int slotWidth = WIDTH / slots;
      for (int slot = 0; slot < slots; slot++) {
        tags.add(drawTag(graphics, random, slot * slotWidth, slotWidth, edge));
      }
      shelfTop = edge + STRIP_HEIGHT;
    }
    graphics.dispose();
    return new ShelfImage(index, ShelfPaint.degrade(image, random), tags);
  }

  /** Boxes of flat colour standing on the shelf: something shelf-like around the tags, without any text. */
  private static void drawProducts(Graphics2D graphics, Random random, int top, int bottom) {
    int x = random.nextInt(20);
    while (x < WIDTH - 40) {
      int width = 40 + random.nextInt(90);
      int height = (bottom - top) / 2 + random.nextInt((bottom - top) / 2);
      graphics.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      graphics.fillRoundRect(x, bottom - height, Math.min(width, WIDTH - x), height, 10, 10);
      x += width + 4 + random.nextInt(16);
    }
  }

  /** One tag centred in its slot of the shelf edge, turned about its centre; returns its price and text box. */
  private static PriceTag drawTag(Graphics2D graphics, Random random, int slotX, int slotWidth, int edge) {
    int width = 160 + random.nextInt(Math.min(110, slotWidth - 200));
    int height = 56 + random.nextInt(16);
    double x = slotX + (slotWidth - width) / 2.0 + (random.nextInt(41) - 20);
    double y = edge + (STRIP_HEIGHT - height) / 2.0 + (random.nextInt(9) - 4);
    String text = price(random);
    Font font = fittingFont(graphics, random, text, width - 24, height - 16);
    int style = random.nextInt(20);
    Color paper = style < 11 ? Color.WHITE : style < 17 ? new Color(255, 232, 92) : new Color(200, 24, 32);
    Color ink = style >= 17 ? Color.WHITE : random.nextBoolean() ? Color.BLACK : new Color(20, 30, 110);

    AffineTransform tilt = AffineTransform.getRotateInstance(
        Math.toRadians((random.nextDouble() * 2 - 1) * MAX_TILT_DEGREES), x + width / 2.0, y + height / 2.0);
    AffineTransform saved = graphics.getTransform();
    graphics.transform(tilt);
    graphics.setColor(paper);
    graphics.fill(new Rectangle2D.Double(x, y, width, height));
    graphics.setColor(paper.darker());
    graphics.setStroke(new BasicStroke(1.5f));
    graphics.draw(new Rectangle2D.Double(x, y, width, height));

    Shape glyphs = font.createGlyphVector(graphics.getFontRenderContext(), text).getOutline();
    Rectangle2D unplaced = glyphs.getBounds2D();
    double textX = x + (width - unplaced.getWidth()) / 2.0 - unplaced.getX() + (random.nextInt(9) - 4);
    double baseline = y + (height - unplaced.getHeight()) / 2.0 - unplaced.getY();
    graphics.setColor(ink);
    graphics.setFont(font);
    graphics.drawString(text, (float) textX, (float) baseline);
    graphics.setTransform(saved);

    Shape placed = AffineTransform.getTranslateInstance((float) textX, (float) baseline).createTransformedShape(glyphs);
    Rectangle2D box = tilt.createTransformedShape(placed).getBounds2D();
    return new PriceTag(text, new Box(box.getX(), box.getY(), box.getWidth(), box.getHeight()));
  }

  /** A price as shelf tags print it: {@code 12.99 TL}, {@code 12,99 TL}, {@code 12.99} or {@code 12,99}. */
  private static String price(Random random) {
    int whole = random.nextInt(10) < 7 ? 1 + random.nextInt(99) : 100 + random.nextInt(900);
    int cents = random.nextInt(4) == 0 ? 0 : random.nextBoolean() ? 99 - 10 * random.nextInt(3) : random.nextInt(100);
    char separator = random.nextBoolean() ? '.' : ',';
    String number = String.format(Locale.ROOT, "%d%c%02d", whole, separator, cents);
    return random.nextInt(3) == 0 ? number : number + " TL";
  }

  /** A random family and style at the largest size up to a random one whose glyphs fit {@code width × height}. */
  private static Font fittingFont(Graphics2D graphics, Random random, String text, int width, int height) {
    Font font = new Font(FAMILIES[random.nextInt(FAMILIES.length)], random.nextBoolean() ? Font.BOLD : Font.PLAIN,
        22 + random.nextInt(32));
    while (font.getSize() > 12) {
      Rectangle2D bounds = font.createGlyphVector(graphics.getFontRenderContext(), text).getOutline().getBounds2D();
      if (bounds.getWidth() <= width && bounds.getHeight() <= height) {
        break;
      }
      font = font.deriveFont(font.getSize2D() - 1);
    }
    return font;
  }
}
