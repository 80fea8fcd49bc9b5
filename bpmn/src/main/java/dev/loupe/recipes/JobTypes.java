package dev.loupe.recipes;

/** Job types named by the recipes' service tasks; each is served by one worker of the same name. */
public final class JobTypes {

  /** Looks up the model for the task's class group ({@code ResolveModelTask}). */
  public static final String RESOLVE_MODEL = "loupe.resolve-model";

  /** Runs the resolved model on the task's images ({@code DetectObjectsTask}). */
  public static final String DETECT_OBJECTS = "loupe.detect-objects";

  /**
   * The class group's box classifier suggests a class for each detected object before an operator checks them
   * ({@code SuggestClassesTask}); taken when {@link #DECIDE_QUALITY_CHECK} set {@value #SUGGEST_CLASSES_VARIABLE}.
   */
  public static final String SUGGEST_CLASSES = "loupe.suggest-classes";

  /**
   * The variable {@link #DECIDE_QUALITY_CHECK} sets: true when a product detection is to be checked, objects were
   * found and its class group has a classifier.
   */
  public static final String SUGGEST_CLASSES_VARIABLE = "suggestClasses";

  /** Reads the text of every tag that has no current reading ({@code ReadTagsTask}). */
  public static final String READ_TAGS = "loupe.read-tags";

  /**
   * The BPMN error {@link #DETECT_OBJECTS} throws when the inference server does not serve the task's model; a
   * boundary event sends the task down the model-not-found path.
   */
  public static final String MODEL_NOT_FOUND_ERROR = "MODEL_NOT_FOUND";

  /**
   * The BPMN error {@link #DETECT_OBJECTS} and {@link #READ_TAGS} throw when an image of the task can never be used
   * (refused for good by its server, or not an image); a boundary event reports the rejection to the client.
   */
  public static final String IMAGE_UNUSABLE_ERROR = "IMAGE_UNUSABLE";

  /**
   * Decides whether an operator checks the servers' result ({@code DecideQualityCheckTask},
   * {@code DecideReadingCheckTask}); sets {@code qualityCheck}.
   */
  public static final String DECIDE_QUALITY_CHECK = "loupe.decide-quality-check";

  /**
   * Puts the task into the operators' inbox ({@code RequestAssistanceTask}, {@code RequestQualityCheckTask});
   * the task header {@value #REASON_HEADER} says why.
   */
  public static final String REQUEST_ASSISTANCE = "loupe.request-assistance";

  /** The task header of {@link #REQUEST_ASSISTANCE}: MODEL_NOT_FOUND or QUALITY_CHECK. */
  public static final String REASON_HEADER = "reason";

  /**
   * Scores the models against the operator's check: the detector's objects, and readings of tags
   * ({@code EvaluateAutomaticResultTask}, {@code EvaluateCheckTask}).
   */
  public static final String EVALUATE_AUTOMATIC_RESULT = "loupe.evaluate-automatic-result";

  /** Raises the priority of a task whose operator step outlived its SLA ({@code *SlaTimer}). */
  public static final String ESCALATE_TASK = "loupe.escalate-task";

  /** Puts a task claimed too long ago back into the inbox ({@code *IdleTimer}). */
  public static final String RELEASE_IDLE_CLAIM = "loupe.release-idle-claim";

  /** Builds the task's result from the work done ({@code GenerateResultTask}). */
  public static final String GENERATE_RESULT = "loupe.generate-result";

  /**
   * Delivers the task's outcome to the client's callback URL: its result ({@code ReportResultTask}), or why it was
   * rejected ({@code ReportRejectionTask}).
   */
  public static final String REPORT_RESULT = "loupe.report-result";

  /**
   * The job type Zeebe gives a BPMN user task that is not a Camunda user task: operators' work is such a job,
   * held by Loupe's inbox until the operator finishes.
   */
  public static final String OPERATOR_TASK = "io.camunda.zeebe:userTask";

  private JobTypes() {}
}
