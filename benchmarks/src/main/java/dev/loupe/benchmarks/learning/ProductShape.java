package dev.loupe.benchmarks.learning;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;

/**
 * The silhouettes a synthetic product can have, each with its nominal size in pixels (scaled by up to ±15 % per
 * product). A product is drawn standing on {@code bottom}, its left edge at {@code x}, and fills exactly the box
 * {@code x, bottom - height, width, height}: that box is its ground truth.
 */
public enum ProductShape {
  /** A drink can: straight sides, a grey lid and foot, the label all round. */
  CAN(58, 104),
  /** A bottle: a body, a shoulder narrowing to a neck, a cap; the label on the body. */
  BOTTLE(52, 168),
  /** A cereal-style box: a plain rectangle with a wide label band. */
  BOX(92, 128),
  /** A jar: wide and low, rounded, with a lid as wide as the jar. */
  JAR(78, 88),
  /** A milk carton: a tall rectangle under a gable top. */
  CARTON(66, 150);

  final int width;
  final int height;

  ProductShape(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** Draws one product of {@code product}'s colours and text in the box {@code x, bottom - h, w, h}. */
  void draw(Graphics2D graphics, ProductClass product, Color body, int x, int bottom, int w, int h) {
    int top = bottom - h;
    Color lid = new Color(150, 150, 158);
    switch (this) {
      case CAN -> {
        graphics.setColor(lid);
        graphics.fillRoundRect(x + 2, top, w - 4, h, 10, 10);
        graphics.setColor(body);
        graphics.fillRect(x, top + 8, w, h - 16);
        label(graphics, product, x, top + h / 3, w, h / 3);
      }
      case BOTTLE -> {
        int neck = w / 3;
        int shoulder = top + h * 2 / 5;
        graphics.setColor(lid.darker());
        graphics.fillRect(x + (w - neck) / 2 - 1, top, neck + 2, h / 12);
        graphics.setColor(body);
        graphics.fillRect(x + (w - neck) / 2, top + h / 12, neck, shoulder - top - h / 12);
        graphics.fillPolygon(new Polygon(new int[] {x + (w - neck) / 2, x + (w + neck) / 2, x + w, x},
            new int[] {shoulder - h / 10, shoulder - h / 10, shoulder + h / 12, shoulder + h / 12}, 4));
        graphics.fillRoundRect(x, shoulder + h / 12 - 2, w, bottom - shoulder - h / 12 + 2, 8, 8);
        label(graphics, product, x, shoulder + h / 5, w, h / 4);
      }
      case BOX -> {
        graphics.setColor(body);
        graphics.fillRect(x, top, w, h);
        label(graphics, product, x + w / 10, top + h / 4, w - w / 5, h / 3);
      }
      case JAR -> {
        graphics.setColor(body);
        graphics.fillRoundRect(x, top + h / 6, w, h - h / 6, 22, 22);
        graphics.setColor(lid);
        graphics.fillRect(x + 2, top, w - 4, h / 6 + 2);
        label(graphics, product, x + 4, top + h / 3, w - 8, h / 3);
      }
      case CARTON -> {
        int gable = h / 6;
        graphics.setColor(body);
        graphics.fillRect(x, top + gable, w, h - gable);
        graphics.fillPolygon(new Polygon(new int[] {x, x + w / 2, x + w}, new int[] {top + gable, top, top + gable}, 3));
        label(graphics, product, x + 3, top + gable + h / 5, w - 6, h / 4);
      }
    }
  }

  /** The label band and its text, as large as fits inside the band with a margin. */
  private static void label(Graphics2D graphics, ProductClass product, int x, int y, int w, int h) {
    graphics.setColor(product.label());
    graphics.fillRect(x, y, w, h);
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, h));
    GlyphVector glyphs = font.createGlyphVector(graphics.getFontRenderContext(), product.text());
    Rectangle2D bounds = glyphs.getOutline().getBounds2D();
    double scale = Math.min((w - 6) / bounds.getWidth(), (h - 4) / bounds.getHeight());
    font = font.deriveFont((float) (font.getSize2D() * scale));
    bounds = font.createGlyphVector(graphics.getFontRenderContext(), product.text()).getOutline().getBounds2D();
    graphics.setFont(font);
    graphics.setColor(product.ink());
    graphics.drawString(product.text(), (float) (x + (w - bounds.getWidth()) / 2 - bounds.getX()),
        (float) (y + (h - bounds.getHeight()) / 2 - bounds.getY()));
  }
}
