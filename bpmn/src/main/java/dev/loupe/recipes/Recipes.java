package dev.loupe.recipes;

import dev.loupe.task.TaskTypes;

/** The recipes (BPMN process ids) Loupe ships, one per task type. The BPMN files are in bpmn/recipes/. */
public final class Recipes {

  /** Products on shelf images: model or operator finds the objects of a class group. */
  public static final String PRODUCT_DETECTION = TaskTypes.PRODUCT_DETECTION;

  /**
   * Shelf-edge price tags: tags are detected (or drawn by an operator), then read by the servers; an operator
   * checks unsure readings, and only the tags they correct are read again.
   */
  public static final String PRICE_TAG_READING = TaskTypes.PRICE_TAG_READING;

  /** The process variable every recipe carries: the task's id (its journal stream is {@code task-<id>}). */
  public static final String TASK_ID = "taskId";

  /** Variable: how long the operator step may take before the task is escalated (ISO-8601 duration). */
  public static final String OPERATOR_SLA = "operatorSla";

  /**
   * Process variable: a random id of this run of the recipe. Workers derive their events' ids from it and the job
   * key, because an embedded engine that restarts hands out the same job keys again.
   */
  public static final String RUN_ID = "runId";

  /**
   * Variable an operator step's job completes with: true when the operator declared an image of the task unusable, so
   * the gateway after the step ({@code *ImageUsableGateway}) sends the task to its rejection's report; else false.
   */
  public static final String IMAGE_UNUSABLE = "imageUnusable";

  /** Variable: how often a claimed task is checked for an idle operator (ISO-8601 duration). */
  public static final String IDLE_CHECK_INTERVAL = "idleCheckInterval";

  /**
   * The message that starts a recipe from its start event ({@code TaskCreatedStartEvent}):
   * {@code loupe.<recipe>.start}. Its correlation key names the task's run ({@code <taskId>@<version>}); Zeebe
   * starts no second instance for a key while one it started is active, so starting twice starts once.
   */
  public static String startMessage(String recipe) {
    return "loupe." + recipe + ".start";
  }

  /** The message that ends a task's recipe wherever it is ({@code TaskCancelledStartEvent}), keyed by task id. */
  public static final String TASK_CANCELLED_MESSAGE = "loupe.task-cancelled";

  private Recipes() {}
}
