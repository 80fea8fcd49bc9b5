package dev.loupe.benchmarks.learning;

import java.awt.Color;
import java.util.List;

/**
 * One class of the synthetic product set: its id (the class id operators label with), its shape, body colour, label
 * colours and label text. {@link #CATALOGUE} is chosen so that colour alone does not tell the classes apart: five pairs
 * (cola and cherry cans, lemon and corn boxes, soda and tonic cans, mint and pesto jars, milk and kefir cartons) differ
 * only in their label text, two (cola can and bottle, lemon can and box) only in shape, and every body colour is worn by
 * two classes or more.
 */
public record ProductClass(String id, String name, ProductShape shape, Color body, Color label, Color ink, String text) {

  private static final Color RED = new Color(200, 30, 36);
  private static final Color YELLOW = new Color(238, 200, 40);
  private static final Color BLUE = new Color(30, 80, 190);
  private static final Color GREEN = new Color(40, 140, 60);
  private static final Color WHITE = new Color(236, 236, 230);
  private static final Color INK = new Color(20, 20, 24);

  /** The fourteen classes, in a fixed order: five pairs that differ only in label text, three only in shape. */
  public static final List<ProductClass> CATALOGUE = List.of(
      new ProductClass("cola-can", "Cola can", ProductShape.CAN, RED, RED, Color.WHITE, "COLA"),
      new ProductClass("cherry-can", "Cherry can", ProductShape.CAN, RED, RED, Color.WHITE, "CHERRY"),
      new ProductClass("cola-bottle", "Cola bottle", ProductShape.BOTTLE, RED, RED, Color.WHITE, "COLA"),
      new ProductClass("lemon-can", "Lemon can", ProductShape.CAN, YELLOW, YELLOW, INK, "LEMON"),
      new ProductClass("lemon-box", "Lemon tea box", ProductShape.BOX, YELLOW, Color.WHITE, INK, "LEMON"),
      new ProductClass("corn-box", "Corn flakes box", ProductShape.BOX, YELLOW, Color.WHITE, INK, "CORN"),
      new ProductClass("water-bottle", "Water bottle", ProductShape.BOTTLE, BLUE, Color.WHITE, BLUE, "AQUA"),
      new ProductClass("soda-can", "Soda can", ProductShape.CAN, BLUE, Color.WHITE, BLUE, "SODA"),
      new ProductClass("tonic-can", "Tonic can", ProductShape.CAN, BLUE, Color.WHITE, BLUE, "TONIC"),
      new ProductClass("tea-box", "Green tea box", ProductShape.BOX, GREEN, Color.WHITE, GREEN, "TEA"),
      new ProductClass("mint-jar", "Mint jar", ProductShape.JAR, GREEN, Color.WHITE, GREEN, "MINT"),
      new ProductClass("pesto-jar", "Pesto jar", ProductShape.JAR, GREEN, Color.WHITE, GREEN, "PESTO"),
      new ProductClass("milk-carton", "Milk carton", ProductShape.CARTON, WHITE, BLUE, Color.WHITE, "MILK"),
      new ProductClass("kefir-carton", "Kefir carton", ProductShape.CARTON, WHITE, BLUE, Color.WHITE, "KEFIR"));
}
