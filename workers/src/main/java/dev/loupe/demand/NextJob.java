package dev.loupe.demand;

import dev.loupe.recipes.JobTypes;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AutomaticResultEvaluated;
import dev.loupe.task.TaskEvent.ClassesSuggested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ImageDeclaredUnusable;
import dev.loupe.task.TaskEvent.ImageRejected;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.ReadingsEvaluated;
import dev.loupe.task.TaskEvent.TagsRead;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The job a task's recipe waits on, by the task's last journal event: the service task after the step that event
 * records, as both recipes (bpmn/recipes) run. Where the recipe's next job depends on more than the last event, the
 * task is counted under the job of its most common path (ADR 0025): after QualityCheckDecided under {@code
 * generate-result} (a required check runs {@code request-assistance}, or first {@code suggest-classes} where the class
 * group has a classifier, which the journal does not tell: {@code suggest-classes} is therefore never counted; once
 * ClassesSuggested is recorded, {@code request-assistance}), after an operator finished under the job
 * after annotating ({@code generate-result}, or {@code read-tags} for price tags), whether or not a check is scored
 * first ({@code evaluate-automatic-result}). Either way the task is counted once, so the total over job types is the
 * number of tasks whose recipe waits on a job worker.
 *
 * <p>Tasks waiting for an operator, delivery failures (an incident until retried) and finished tasks wait on no job
 * worker. Timer jobs ({@code escalate-task}, {@code release-idle-claim}) are due when a timer fires, which the
 * journal does not record: none of them is ever counted as queued.
 */
final class NextJob {

  /** The job types of Loupe's job workers, the operators' user task aside (people's work is counted per task type). */
  static final List<String> JOB_TYPES = List.of(
      JobTypes.RESOLVE_MODEL,
      JobTypes.DETECT_OBJECTS,
      JobTypes.SUGGEST_CLASSES,
      JobTypes.READ_TAGS,
      JobTypes.DECIDE_QUALITY_CHECK,
      JobTypes.REQUEST_ASSISTANCE,
      JobTypes.EVALUATE_AUTOMATIC_RESULT,
      JobTypes.GENERATE_RESULT,
      JobTypes.REPORT_RESULT,
      JobTypes.ESCALATE_TASK,
      JobTypes.RELEASE_IDLE_CLAIM);

  private static final Map<String, String> AFTER = Map.ofEntries(
      entry(TaskCreated.class, JobTypes.RESOLVE_MODEL),
      entry(TaskReprocessRequested.class, JobTypes.RESOLVE_MODEL),
      entry(DetectionRequested.class, JobTypes.DETECT_OBJECTS),
      entry(ModelNotFound.class, JobTypes.REQUEST_ASSISTANCE),
      entry(ObjectsDetected.class, JobTypes.DECIDE_QUALITY_CHECK),
      entry(TagsRead.class, JobTypes.DECIDE_QUALITY_CHECK),
      entry(QualityCheckDecided.class, JobTypes.GENERATE_RESULT),
      entry(ClassesSuggested.class, JobTypes.REQUEST_ASSISTANCE),
      entry(OperatorFinished.class, JobTypes.GENERATE_RESULT),
      entry(AutomaticResultEvaluated.class, JobTypes.GENERATE_RESULT),
      entry(ReadingsEvaluated.class, JobTypes.GENERATE_RESULT),
      entry(TaskResultGenerated.class, JobTypes.REPORT_RESULT),
      entry(ImageRejected.class, JobTypes.REPORT_RESULT),
      entry(ImageDeclaredUnusable.class, JobTypes.REPORT_RESULT));

  /** Where price-tag reading goes on otherwise: tags are read after they are found, drawn, checked or scored. */
  private static final Map<String, String> AFTER_IN_PRICE_TAG_READING = Map.ofEntries(
      entry(ObjectsDetected.class, JobTypes.READ_TAGS),
      entry(OperatorFinished.class, JobTypes.READ_TAGS),
      entry(AutomaticResultEvaluated.class, JobTypes.READ_TAGS),
      entry(ReadingsEvaluated.class, JobTypes.READ_TAGS));

  /** The stored types of the last events after which a task's recipe waits on a job worker. */
  static final Set<String> EVENTS = Stream.concat(AFTER.keySet().stream(), AFTER_IN_PRICE_TAG_READING.keySet().stream())
      .collect(Collectors.toUnmodifiableSet());

  private NextJob() {}

  /** The job a task of this type waits on after this stored event type; empty when it waits on none. */
  static Optional<String> after(String taskType, String lastEventType) {
    if (TaskTypes.PRICE_TAG_READING.equals(taskType) && AFTER_IN_PRICE_TAG_READING.containsKey(lastEventType)) {
      return Optional.of(AFTER_IN_PRICE_TAG_READING.get(lastEventType));
    }
    return Optional.ofNullable(AFTER.get(lastEventType));
  }

  private static Map.Entry<String, String> entry(Class<? extends TaskEvent> event, String jobType) {
    return Map.entry(TaskEventTypes.of(event).name(), jobType);
  }
}
