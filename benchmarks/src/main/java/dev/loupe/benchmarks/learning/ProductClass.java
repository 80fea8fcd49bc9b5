package dev.loupe.benchmarks.learning;

import java.awt.Color;
import java.util.List;

/**
 * One class of the synthetic product set: its id (the class id operators label with), its body colour, shape, label
 * colours and label text. {@link #CATALOGUE} is chosen so that colour alone does not tell the classes apart: the
 * cans of cola and cherry differ only in their label text, cola can and cola bottle only in shape, and every body
 * colour is worn by two or three classes.
 */
public record ProductClass(String id, String name, ProductShape shape, Color body, Color label, Color ink, String text) {

  private static final Color RED = new Color(200, 30, 36);
  private static final Color YELLOW = new Color(238, 200, 40);
  private static final Color BLUE = new Color(30, 80, 190);
  private static final Color GREEN = new Color(40, 140, 60);
  private static final Color WHITE = new Color(236, 236, 230);
  private static final Color INK = new Color(20, 20, 24);

  /** The twelve classes, in a fixed order. */
  public static final List<ProductClass> CATALOGUE = List.of(
      new ProductClass("cola-can", "Cola can", ProductShape.CAN, RED, RED, Color.WHITE, "COLA"),
      new ProductClass("cherry-can", "Cherry can", ProductShape.CAN, RED, RED, Color.WHITE, "CHERRY"),
      new ProductClass("cola-bottle", "Cola bottle", ProductShape.BOTTLE, RED, RED, Color.WHITE, "COLA"),
      new ProductClass("lemon-can", "Lemon can", ProductShape.CAN, YELLOW, YELLOW, INK, "LEMON"),
      new ProductClass("lemon-box", "Lemon tea box", ProductShape.BOX, YELLOW, Color.WHITE, INK, "LEMON"),
      new ProductClass("corn-box", "Corn flakes box", ProductShape.BOX, YELLOW, Color.WHITE, INK, "CORN"),
      new ProductClass("water-bottle", "Water bottle", ProductShape.BOTTLE, BLUE, Color.WHITE, BLUE, "AQUA"),
      new ProductClass("soda-can", "Soda can", ProductShape.CAN, BLUE, Color.WHITE, BLUE, "SODA"),
      new ProductClass("tea-box", "Green tea box", ProductShape.BOX, GREEN, Color.WHITE, GREEN, "TEA"),
      new ProductClass("mint-jar", "Mint jar", ProductShape.JAR, GREEN, Color.WHITE, GREEN, "MINT"),
      new ProductClass("milk-carton", "Milk carton", ProductShape.CARTON, WHITE, BLUE, Color.WHITE, "MILK"),
      new ProductClass("yogurt-jar", "Yogurt jar", ProductShape.JAR, WHITE, BLUE, Color.WHITE, "YOGURT"));
}
