package dev.loupe.task;

import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.ClassSuggestion;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What can be asked of a task. {@link Task#decide} turns a command into events or rejects it. */
public sealed interface TaskCommand {

  /** {@code clientId}: the client making the request, null for none. */
  record CreateTask(String taskId, String type, ClassGroup classGroup, List<URI> images, URI callbackUrl,
      String clientId) implements TaskCommand {}

  /** Asks for a detection with the model registered for the class group, null when there is none. */
  record ResolveModel(ModelRef model) implements TaskCommand {}

  /** The inference server does not serve the task's model: the task goes the way of a class group without one. */
  record MarkModelNotServed() implements TaskCommand {}

  /** Records what the task's model found, and the sizes of the images it decoded to find it. */
  record RecordDetection(List<DetectedObject> objects, List<ImageSize> imageSizes) implements TaskCommand {

    public RecordDetection(List<DetectedObject> objects) {
      this(objects, List.of());
    }
  }

  /**
   * Records the class the class group's box classifier {@code classifier} suggests for detected objects, before an
   * operator checks them: the model pre-labels.
   */
  record SuggestClasses(ModelRef classifier, List<ClassSuggestion> suggestions) implements TaskCommand {}

  /**
   * Decides whether an operator checks the automatic result; {@code readingMinConfidence}: a tag's reading below it
   * needs a check.
   */
  record DecideQualityCheck(QualityPolicy policy, double readingMinConfidence) implements TaskCommand {}

  /** Scores the models against the operator's check: what no check has scored yet. */
  record EvaluateAutomaticResult(double iouThreshold) implements TaskCommand {}

  record RequestAssistance(AssistanceReason reason) implements TaskCommand {}

  record ClaimTask(String operatorId, String sessionId) implements TaskCommand {}

  /**
   * An operator's session ends: everything they did, in order, summarized into events by the task, and the sizes of
   * the images their browser loaded.
   */
  record FinishOperatorSession(String sessionId, List<SessionCommand> commands, List<ImageSize> imageSizes)
      implements TaskCommand {

    public FinishOperatorSession(String sessionId, List<SessionCommand> commands) {
      this(sessionId, commands, List.of());
    }
  }

  /** The operator step outlived its SLA. */
  record EscalateTask() implements TaskCommand {}

  /**
   * The operator gives the task back to the inbox unfinished: their session {@code sessionId} closes without work
   * and anyone in their teams may claim the task again.
   */
  record ReleaseClaim(String sessionId) implements TaskCommand {}

  /**
   * The operator of the open session {@code sessionId} judges the task's image at {@code imageIndex} unusable, for
   * {@code reason} and an optional {@code note} (required for OTHER): the session closes and the task is rejected.
   */
  record DeclareImageUnusable(String sessionId, int imageIndex, UnusableReason reason, String note)
      implements TaskCommand {}

  /** Releases the task's claim when it was taken more than {@code idleLimit} before {@code now}. */
  record ReleaseIdleClaim(Instant claimedAt, Instant now, Duration idleLimit)
      implements TaskCommand {}

  /** Records what a recogniser read on tags that had no current reading. */
  record ReadTags(ModelRef model, List<TaskEvent.TagReading> readings) implements TaskCommand {}

  /** The client wants a finished task done again from the start, with the models registered now. */
  record ReprocessTask(String reason) implements TaskCommand {}

  /** The client wants a done task checked and corrected by an operator, then reported again. */
  record ResendToOperator(String reason) implements TaskCommand {}

  /** The client no longer wants the task. */
  record CancelTask(String reason) implements TaskCommand {}

  record GenerateResult() implements TaskCommand {}

  record ReportResult(int httpStatus) implements TaskCommand {}

  /** The task's image at {@code imageIndex} can never be used; {@code problem} says why. */
  record RejectImage(int imageIndex, String problem) implements TaskCommand {}

  /** The callback refused or missed every delivery attempt; {@code error} says how the last one failed. */
  record RecordDeliveryFailure(int attempts, String error) implements TaskCommand {}

  /** Records the run of the recipe a task is in: its process, version, instance and the element it started at. */
  record RecordRecipeRun(String processId, int processVersion, long processInstanceKey, String fromElement)
      implements TaskCommand {}

  /** A job of the task's recipe failed its last retry; {@code error} says how. */
  record RaiseIncident(String jobType, String elementId, long jobKey, String error) implements TaskCommand {}

  /** An object as an operator left it; {@code objectId} names an existing object, null for a new one. */
  /**
   * {@code text}: what the operator typed on a tag, null when they typed nothing; {@code suggested}: for a new object,
   * the class the classifier suggested when it was drawn, null when none.
   */
  record ObjectDraft(String objectId, int imageIndex, Box box, String classId, String text,
      DrawSuggestion suggested) {

    public ObjectDraft(String objectId, int imageIndex, Box box, String classId, String text) {
      this(objectId, imageIndex, box, classId, text, null);
    }
  }
}
