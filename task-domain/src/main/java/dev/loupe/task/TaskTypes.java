package dev.loupe.task;

/** The task types Loupe knows; each has one recipe of the same name (bpmn/recipes/&lt;type&gt;.bpmn). */
public final class TaskTypes {

  /** Products on shelf images: a model or an operator finds the objects of a class group. */
  public static final String PRODUCT_DETECTION = "product-detection";

  /** Shelf-edge price tags: tags are found, then their text is read; operators check unsure readings. */
  public static final String PRICE_TAG_READING = "price-tag-reading";

  private TaskTypes() {}
}
