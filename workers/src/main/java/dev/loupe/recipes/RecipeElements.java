package dev.loupe.recipes;

import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.ClassesSuggested;
import dev.loupe.task.TaskEvent.IncidentRaised;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.RecipeRunStarted;
import dev.loupe.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a task is in its recipe, from its journal alone: the one mapping from a task's events to BPMN element ids.
 * Recovery starts a recipe before the element a task is at; the recipes screen counts the tasks at each element; the
 * task page draws the path each run of the recipe took. Pure: it reads no journal, it is given the events.
 */
public final class RecipeElements {

  /** Both recipes' start event; a task there is started by the start message. */
  public static final String START_EVENT = "TaskCreatedStartEvent";

  /** The product-detection recipe's suggestion step, and the element it leads to. */
  private static final String SUGGEST_CLASSES = "SuggestClassesTask";
  private static final String SUGGESTED_BEFORE = "RequestQualityCheckTask";

  /** A journal event of a task: the event, its stream version and when it happened. */
  public record Step(TaskEvent event, long version, Instant at) {}

  /**
   * One run of a task's recipe, as its journal tells it.
   *
   * @param recipe the run as recorded: process id, version, instance, the element it started at
   * @param startedAt when the run was recorded
   * @param elements the elements the task reached in this run, in order, from the one it started at to the end event
   *     when the run ended (reported, rejected, cancelled)
   * @param at the element the task is at now; null once the run ended, or when a later run took over
   * @param incident the element of the run's open incident; else null
   */
  public record Run(RecipeRunStarted recipe, Instant startedAt, List<String> elements, String at, String incident) {}

  private RecipeElements() {}

  /**
   * Where the task's recipe goes on for a task in this state, its events so far given in order (the newest last):
   * the element its run waits at, or which a recovered run starts before. Empty when the task is finished.
   */
  public static Optional<String> elementFor(TaskState task, List<TaskEvent> history) {
    boolean checking = latestAssistance(history)
        .filter(requested -> requested.reason() == AssistanceReason.QUALITY_CHECK)
        .isPresent();
    Optional<TaskEvent> newest = newestOfTheWork(history);
    return Recipes.PRICE_TAG_READING.equals(task.type())
        ? priceTagReadingElement(task, checking, newest)
        : productDetectionElement(task, checking, newest);
  }

  /** The end event a finished task's run reached: reported, rejected or cancelled; empty while it goes on. */
  public static Optional<String> endFor(TaskState task) {
    return Optional.ofNullable(switch (task.status()) {
      case DONE -> "TaskReportedEndEvent";
      case REJECTED -> task.reported() ? "TaskRejectedEndEvent" : null;
      case CANCELLED -> "TaskCancelledEndEvent";
      default -> null;
    });
  }

  /**
   * Every run of the task's recipe its journal records (RecipeRunStarted), oldest first, each with the elements it
   * reached. A run ends at its end event; what follows until the next run is recorded (a reprocess, a resend) belongs
   * to no run, and so do events before a task's first recorded run (a task from before runs were recorded).
   */
  public static List<Run> runs(String taskId, List<Step> steps) {
    List<Run> runs = new ArrayList<>();
    List<TaskEvent> history = new ArrayList<>();
    TaskState state = TaskState.initial(taskId);
    RecipeRunStarted recipe = null;
    Instant startedAt = null;
    List<String> elements = new ArrayList<>();
    boolean ended = false;
    for (Step step : steps) {
      state = Task.evolve(state, step.event(), step.version());
      history.add(step.event());
      if (step.event() instanceof RecipeRunStarted started) {
        if (recipe != null) {
          runs.add(new Run(recipe, startedAt, List.copyOf(elements), null, null));
        }
        recipe = started;
        startedAt = step.at();
        elements = new ArrayList<>(List.of(started.fromElement()));
        ended = false;
        continue;
      }
      if (recipe == null || ended) {
        continue;
      }
      if (step.event() instanceof ClassesSuggested && SUGGESTED_BEFORE.equals(elements.getLast())) {
        // the step sits between the decision for a check, which already moved the run on to the request, and the
        // request itself
        elements.add(elements.size() - 1, SUGGEST_CLASSES);
        continue;
      }
      TaskState now = state;
      Optional<String> end = endFor(now);
      Optional<String> reached = elementFor(now, history).or(() -> end);
      if (reached.isPresent() && !reached.get().equals(START_EVENT) && !reached.get().equals(elements.getLast())) {
        elements.add(reached.get());
      }
      ended = end.isPresent();
    }
    if (recipe != null) {
      String at = ended ? null
          : elementFor(state, history).filter(element -> !element.equals(START_EVENT)).orElse(null);
      runs.add(new Run(recipe, startedAt, List.copyOf(elements), at,
          ended || state.incident() == null ? null : state.incident().elementId()));
    }
    return runs;
  }

  /** The newest event the task's work raised: a record of the run says where the engine was, not how far it got. */
  private static Optional<TaskEvent> newestOfTheWork(List<TaskEvent> history) {
    return history.reversed().stream()
        .filter(event -> !(event instanceof RecipeRunStarted || event instanceof IncidentRaised))
        .findFirst();
  }

  private static Optional<AssistanceRequested> latestAssistance(List<TaskEvent> history) {
    return history.reversed().stream()
        .filter(AssistanceRequested.class::isInstance)
        .map(AssistanceRequested.class::cast)
        .findFirst();
  }

  private static Optional<String> priceTagReadingElement(TaskState task, boolean checking, Optional<TaskEvent> newest) {
    return Optional.ofNullable(switch (task.status()) {
      case NONE, DONE, CANCELLED -> null;
      case CREATED -> START_EVENT;
      case DETECTION_REQUESTED -> task.model() != null ? "DetectTagsTask" : "RequestAssistanceTask";
      case DETECTED, OPERATOR_FINISHED -> switch (newest.orElseThrow()) {
        case QualityCheckDecided decided -> decided.required() ? "RequestReadingCheckTask" : "GenerateResultTask";
        case OperatorFinished finished when checking -> "EvaluateCheckTask";
        default -> "ReadTagsTask";
      };
      case WAITING_FOR_OPERATOR, IN_PROGRESS -> checking ? "OperatorChecksTagsTask" : "OperatorDrawsTagsTask";
      case RESULT_GENERATED -> "ReportResultTask";
      case DELIVERY_FAILED -> task.rejection() == null ? "ReportResultTask" : "ReportRejectionTask";
      case REJECTED -> task.reported() ? null : "ReportRejectionTask";
    });
  }

  private static Optional<String> productDetectionElement(TaskState task, boolean checking,
      Optional<TaskEvent> newest) {
    boolean withModel = task.model() != null;
    return Optional.ofNullable(switch (task.status()) {
      case NONE, DONE, CANCELLED -> null;
      case CREATED -> START_EVENT;
      case DETECTION_REQUESTED -> withModel ? "DetectObjectsTask" : "RequestAssistanceTask";
      case DETECTED -> switch (newest.orElseThrow()) {
        case QualityCheckDecided decided -> decided.required() ? SUGGESTED_BEFORE : "GenerateResultTask";
        case ClassesSuggested suggested -> SUGGESTED_BEFORE;
        default -> "DecideQualityCheckTask";
      };
      case WAITING_FOR_OPERATOR, IN_PROGRESS -> checking ? "OperatorChecksTask" : "OperatorAnnotatesTask";
      case OPERATOR_FINISHED -> withModel && !task.detectorScored()
          ? "EvaluateAutomaticResultTask"
          : "GenerateResultTask";
      case RESULT_GENERATED -> "ReportResultTask";
      case DELIVERY_FAILED -> task.rejection() == null ? "ReportResultTask" : "ReportRejectionTask";
      case REJECTED -> task.reported() ? null : "ReportRejectionTask";
    });
  }
}
