package dev.loupe.task;

import java.util.Set;

/** The task types Loupe knows; each has one recipe of the same name (bpmn/recipes/&lt;type&gt;.bpmn). */
public final class TaskTypes {

  /** Products on shelf images: a model or an operator finds the objects of a class group. */
  public static final String PRODUCT_DETECTION = "product-detection";

  /** Shelf-edge price tags: tags are found, then their text is read; operators check unsure readings. */
  public static final String PRICE_TAG_READING = "price-tag-reading";

  /** Every task type; a recipe deployed under another process id is refused. */
  public static final Set<String> ALL = Set.of(PRODUCT_DETECTION, PRICE_TAG_READING);

  private TaskTypes() {}
}
