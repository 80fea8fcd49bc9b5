package dev.loupe.task;

import dev.loupe.task.TaskCommand.CancelTask;
import dev.loupe.task.TaskCommand.ClaimTask;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskCommand.DecideQualityCheck;
import dev.loupe.task.TaskCommand.DeclareImageUnusable;
import dev.loupe.task.TaskCommand.EscalateTask;
import dev.loupe.task.TaskCommand.EvaluateAutomaticResult;
import dev.loupe.task.TaskCommand.FinishOperatorSession;
import dev.loupe.task.TaskCommand.GenerateResult;
import dev.loupe.task.TaskCommand.MarkModelNotServed;
import dev.loupe.task.TaskCommand.RaiseIncident;
import dev.loupe.task.TaskCommand.ReadTags;
import dev.loupe.task.TaskCommand.RecordDeliveryFailure;
import dev.loupe.task.TaskCommand.RecordDetection;
import dev.loupe.task.TaskCommand.RecordRecipeRun;
import dev.loupe.task.TaskCommand.RejectImage;
import dev.loupe.task.TaskCommand.ReleaseClaim;
import dev.loupe.task.TaskCommand.ReleaseIdleClaim;
import dev.loupe.task.TaskCommand.ReportResult;
import dev.loupe.task.TaskCommand.ReprocessTask;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskCommand.ResendToOperator;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskCommand.SuggestClasses;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.AutomaticResultEvaluated;
import dev.loupe.task.TaskEvent.CallbackDeliveryFailed;
import dev.loupe.task.TaskEvent.ClassSuggestion;
import dev.loupe.task.TaskEvent.ClassesSuggested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ImageDeclaredUnusable;
import dev.loupe.task.TaskEvent.ImageRejected;
import dev.loupe.task.TaskEvent.ImagesMeasured;
import dev.loupe.task.TaskEvent.IncidentRaised;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectMove;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.ObjectsLabeled;
import dev.loupe.task.TaskEvent.ObjectsMoved;
import dev.loupe.task.TaskEvent.ObjectsRemoved;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.OperatorReleased;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.ReadingsEvaluated;
import dev.loupe.task.TaskEvent.RecipeRunStarted;
import dev.loupe.task.TaskEvent.SuggestionScore;
import dev.loupe.task.TaskEvent.SuggestionsEvaluated;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskEvent.TagsCorrected;
import dev.loupe.task.TaskEvent.TagsRead;
import dev.loupe.task.TaskEvent.TaskCancelled;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskEscalated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEvent.TaskResentToOperator;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskRejected.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The task aggregate as two pure functions: {@link #decide} and {@link #evolve}. */
public final class Task {

  private Task() {}

  /** The stream that holds a task's events. */
  public static String streamId(String taskId) {
    return "task-" + taskId;
  }

  /** The events a command raises on a task in the given state. */
  public static List<TaskEvent> decide(TaskCommand command, TaskState state) {
    return switch (command) {
      case CreateTask create -> {
        if (state.exists()) {
          throw new TaskRejected(Reason.CONFLICT, "task " + state.taskId() + " already exists");
        }
        yield List.of(new TaskCreated(create.taskId(), create.type(), create.classGroup(), create.images(),
            create.callbackUrl(), create.clientId()));
      }
      case ResolveModel resolve -> {
        require(state, TaskStatus.CREATED, "resolve its model");
        DetectionRequested requested = new DetectionRequested(state.classGroup().key(), resolve.model());
        yield resolve.model() == null
            ? List.of(requested, new ModelNotFound(state.classGroup().key()))
            : List.of(requested);
      }
      case MarkModelNotServed notServed -> {
        require(state, TaskStatus.DETECTION_REQUESTED, "give up its model");
        yield List.of(new ModelNotFound(state.classGroup().key()));
      }
      case RecordDetection detection -> {
        require(state, TaskStatus.DETECTION_REQUESTED, "record a detection");
        if (state.model() == null) {
          throw new TaskRejected(Reason.CONFLICT, "task " + state.taskId() + " has no model to detect with");
        }
        List<TaskEvent> events = new ArrayList<>(measured(state, detection.imageSizes(), "imageSizes"));
        events.add(new ObjectsDetected(state.model(), detection.objects()));
        yield events;
      }
      case SuggestClasses suggest -> {
        require(state, TaskStatus.DETECTED, "record suggested classes");
        yield state.classifier() != null ? List.of() : List.of(classesSuggested(suggest, state));
      }
      case DecideQualityCheck decision -> {
        if (state.status() != TaskStatus.OPERATOR_FINISHED) {
          require(state, TaskStatus.DETECTED, "decide on a quality check");
        }
        yield List.of(qualityCheck(decision, state));
      }
      case RequestAssistance request -> {
        if (request.reason() == AssistanceReason.QUALITY_CHECK && state.status() == TaskStatus.OPERATOR_FINISHED) {
          yield List.of(new AssistanceRequested(request.reason()));
        }
        TaskStatus expected = request.reason() == AssistanceReason.QUALITY_CHECK
            ? TaskStatus.DETECTED
            : TaskStatus.DETECTION_REQUESTED;
        require(state, expected, "request assistance for " + request.reason());
        yield List.of(new AssistanceRequested(request.reason()));
      }
      case ReadTags read -> {
        if (state.status() != TaskStatus.DETECTED) {
          require(state, TaskStatus.OPERATOR_FINISHED, "record tag readings");
        }
        yield read.readings().isEmpty() ? List.of() : List.of(new TagsRead(read.model(), read.readings()));
      }
      case EvaluateAutomaticResult evaluation -> {
        require(state, TaskStatus.OPERATOR_FINISHED, "evaluate its automatic result");
        List<TaskEvent> scores = new ArrayList<>();
        if (state.model() != null && !state.detectorScored()) {
          List<AnnotatedObject> predicted = state.detected().stream().map(DetectedObject::annotated).toList();
          scores.add(new AutomaticResultEvaluated(state.model(), evaluation.iouThreshold(),
              GroundTruth.compare(predicted, state.objects(), evaluation.iouThreshold())));
        }
        if (!state.unscoredReadings().isEmpty() || state.unscoredBoxChanged() > 0) {
          scores.add(ReadingGroundTruth.compare(state.recognizer(), state.unscoredReadings(), state.readings(),
              state.unscoredBoxChanged()));
        }
        yield scores;
      }
      case ClaimTask claim -> {
        if (state.status() == TaskStatus.IN_PROGRESS) {
          throw new TaskRejected(Reason.CONFLICT,
              "task %s is already claimed by operator %s".formatted(state.taskId(), state.operatorId()));
        }
        require(state, TaskStatus.WAITING_FOR_OPERATOR, "be claimed");
        yield List.of(new OperatorAssigned(claim.operatorId(), claim.sessionId()));
      }
      case FinishOperatorSession finish -> finishSession(finish, state);
      case CancelTask cancel -> {
        requireExisting(state);
        if (state.reported() || state.status() == TaskStatus.CANCELLED) {
          throw new TaskRejected(Reason.CONFLICT, "task %s is already %s".formatted(state.taskId(), state.status()));
        }
        yield List.of(new TaskCancelled(cancel.reason()));
      }
      case EscalateTask escalate -> {
        if (state.status() != TaskStatus.WAITING_FOR_OPERATOR && state.status() != TaskStatus.IN_PROGRESS) {
          throw new TaskRejected(Reason.CONFLICT, "task %s is not with operators (it is %s)"
              .formatted(state.taskId(), state.status()));
        }
        yield List.of(new TaskEscalated(state.priority() + 1));
      }
      case ReleaseClaim release -> {
        requireOpenSession(state, release.sessionId());
        yield List.of(new OperatorReleased(state.operatorId(), state.sessionId(), "RELEASED"));
      }
      case DeclareImageUnusable declare -> List.of(declaredUnusable(declare, state));
      case ReleaseIdleClaim release -> {
        boolean idle = state.status() == TaskStatus.IN_PROGRESS
            && release.claimedAt().plus(release.idleLimit()).isBefore(release.now());
        yield idle ? List.of(new OperatorReleased(state.operatorId(), state.sessionId(), "IDLE")) : List.of();
      }
      case GenerateResult generate -> {
        if (state.status() != TaskStatus.DETECTED) {
          require(state, TaskStatus.OPERATOR_FINISHED, "generate its result");
        }
        TaskResultGenerated result = new TaskResultGenerated(state.objects(), state.readings());
        yield state.status() == TaskStatus.OPERATOR_FINISHED && state.classifier() != null
            ? List.of(suggestionsEvaluated(state), result)
            : List.of(result);
      }
      case ReportResult report -> {
        requireOutcome(state, "report its outcome");
        yield List.of(new TaskReported(state.callbackUrl(), report.httpStatus()));
      }
      case RejectImage reject -> {
        requireExisting(state);
        if (reject.imageIndex() < 0 || reject.imageIndex() >= state.images().size()) {
          throw new TaskRejected(Reason.INVALID, "imageIndex", "task %s has no image %d"
              .formatted(state.taskId(), reject.imageIndex()));
        }
        if (state.status() == TaskStatus.DONE || state.status() == TaskStatus.CANCELLED
            || state.status() == TaskStatus.REJECTED) {
          throw new TaskRejected(Reason.CONFLICT, "task %s is already %s".formatted(state.taskId(), state.status()));
        }
        yield List.of(new ImageRejected(reject.imageIndex(), state.images().get(reject.imageIndex()),
            reject.problem()));
      }
      case ReprocessTask reprocess -> {
        requireReported(state, "be reprocessed");
        yield List.of(new TaskReprocessRequested(reprocess.reason()));
      }
      case ResendToOperator resend -> {
        require(state, TaskStatus.DONE, "be resent to an operator");
        yield List.of(new TaskResentToOperator(resend.reason()));
      }
      case RecordDeliveryFailure failure -> {
        requireOutcome(state, "record a failed delivery of its outcome");
        yield List.of(new CallbackDeliveryFailed(state.callbackUrl(), failure.attempts(), failure.error()));
      }
      case RecordRecipeRun run -> {
        requireExisting(state);
        yield List.of(new RecipeRunStarted(run.processId(), run.processVersion(), run.processInstanceKey(),
            run.fromElement()));
      }
      case RaiseIncident raise -> {
        requireExisting(state);
        boolean alreadyOpen = state.incident() != null && state.incident().jobKey() == raise.jobKey()
            && state.incident().elementId().equals(raise.elementId());
        yield alreadyOpen
            ? List.of()
            : List.of(new IncidentRaised(raise.jobType(), raise.elementId(), raise.jobKey(), raise.error()));
      }
    };
  }

  /**
   * Before any operator's check: a detected object under the policy's minimum confidence, or a reading under the
   * reading minimum, or the sample. After one: only a reading no check has seen yet that is under the minimum, so
   * the check ⇄ read loop ends once nothing new is unsure.
   */
  private static QualityCheckDecided qualityCheck(DecideQualityCheck decision, TaskState state) {
    QualityPolicy policy = decision.policy();
    boolean unchecked = !state.operatorChecked();
    if (unchecked && state.detected().stream().anyMatch(object -> object.confidence() < policy.minConfidence())) {
      return new QualityCheckDecided(true, "LOW_CONFIDENCE");
    }
    if (state.unscoredReadings().stream().anyMatch(reading -> reading.confidence() < decision.readingMinConfidence())) {
      return new QualityCheckDecided(true, "UNSURE_READING");
    }
    return unchecked && policy.samples(state.taskId())
        ? new QualityCheckDecided(true, "SAMPLED")
        : new QualityCheckDecided(false, "CONFIDENT");
  }

  /**
   * The operator's verdict on an image: the session must be open, the image the task's, a reason given and, for
   * OTHER, a note saying what is wrong; a blank note is none.
   */
  private static ImageDeclaredUnusable declaredUnusable(DeclareImageUnusable declare, TaskState state) {
    requireOpenSession(state, declare.sessionId());
    if (declare.imageIndex() < 0 || declare.imageIndex() >= state.images().size()) {
      throw new TaskRejected(Reason.INVALID, "imageIndex", "task %s has no image %d"
          .formatted(state.taskId(), declare.imageIndex()));
    }
    if (declare.reason() == null) {
      throw new TaskRejected(Reason.INVALID, "reason", "say why the image is unusable: one of "
          + List.of(UnusableReason.values()));
    }
    String note = declare.note() == null || declare.note().isBlank() ? null : declare.note().strip();
    if (declare.reason() == UnusableReason.OTHER && note == null) {
      throw new TaskRejected(Reason.INVALID, "note", "say what is wrong with the image when the reason is OTHER");
    }
    if (note != null && note.length() > UnusableReason.MAX_NOTE) {
      throw new TaskRejected(Reason.INVALID, "note", "at most %d characters".formatted(UnusableReason.MAX_NOTE));
    }
    return new ImageDeclaredUnusable(state.operatorId(), state.sessionId(), declare.imageIndex(),
        state.images().get(declare.imageIndex()), declare.reason(), note);
  }

  private static void requireOpenSession(TaskState state, String sessionId) {
    if (state.status() != TaskStatus.IN_PROGRESS || !sessionId.equals(state.sessionId())) {
      throw new TaskRejected(Reason.CONFLICT, "session %s of task %s is no longer open"
          .formatted(sessionId, state.taskId()));
    }
  }

  private static List<TaskEvent> finishSession(FinishOperatorSession finish, TaskState state) {
    if (state.status() != TaskStatus.IN_PROGRESS || !finish.sessionId().equals(state.sessionId())) {
      throw new TaskRejected(Reason.CONFLICT, "session %s is not open on task %s (task is %s)"
          .formatted(finish.sessionId(), state.taskId(), state.status()));
    }
    List<TaskEvent> events = new ArrayList<>(measured(state, finish.imageSizes(), "imageSizes"));
    events.addAll(SessionSummarizer.summarize(finish.sessionId(), state, finish.commands()));
    events.add(new OperatorFinished(state.operatorId(), finish.sessionId()));
    return events;
  }

  /**
   * The classifier's suggestions, checked: each names a detected object once, and a class of the task's group with a
   * confidence in 0..1. A suggestion for an object the task no longer has, or of a class the group dropped, is refused:
   * the worker suggests for what it just loaded.
   */
  private static ClassesSuggested classesSuggested(SuggestClasses suggest, TaskState state) {
    if (suggest.classifier() == null || suggest.suggestions().isEmpty()) {
      throw new TaskRejected(Reason.INVALID, "suggestions", "name the classifier and at least one suggestion");
    }
    Set<String> detected = state.detected().stream().map(DetectedObject::objectId).collect(Collectors.toSet());
    Set<String> seen = new HashSet<>();
    for (ClassSuggestion suggestion : suggest.suggestions()) {
      if (!detected.contains(suggestion.objectId()) || !seen.add(suggestion.objectId())) {
        throw new TaskRejected(Reason.INVALID, "suggestions", "task %s has no detected object %s, or it is named twice"
            .formatted(state.taskId(), suggestion.objectId()));
      }
      if (!state.classGroup().hasClass(suggestion.classId())
          || !(suggestion.confidence() >= 0 && suggestion.confidence() <= 1)) {
        throw new TaskRejected(Reason.INVALID, "suggestions", "class %s with confidence %s is not a suggestion for %s"
            .formatted(suggestion.classId(), suggestion.confidence(), state.classGroup().key()));
      }
    }
    return new ClassesSuggested(suggest.classifier(), suggest.suggestions());
  }

  /**
   * Per class the classifier suggested: how many of the detected objects it suggested that class for are in the
   * operator's result, and how many of those keep it. An object the operator removed judges the detector, not the
   * suggestion, and is left out.
   */
  private static SuggestionsEvaluated suggestionsEvaluated(TaskState state) {
    Map<String, String> finalClasses = new HashMap<>();
    state.objects().forEach(object -> finalClasses.put(object.objectId(), object.classId()));
    Map<String, int[]> counts = new TreeMap<>();
    for (DetectedObject detected : state.detected()) {
      String finalClass = finalClasses.get(detected.objectId());
      if (detected.suggestedClassId() == null || finalClass == null) {
        continue;
      }
      int[] count = counts.computeIfAbsent(detected.suggestedClassId(), classId -> new int[2]);
      count[0]++;
      if (finalClass.equals(detected.suggestedClassId())) {
        count[1]++;
      }
    }
    List<SuggestionScore> scores = new ArrayList<>();
    counts.forEach((classId, count) -> scores.add(new SuggestionScore(classId, count[0], count[1])));
    return new SuggestionsEvaluated(state.classifier(), scores);
  }

  /**
   * ImagesMeasured for the sizes of images not measured before (none when every one was), in image order.
   *
   * @throws TaskRejected INVALID naming {@code <field>[i]} for an index the task has no image at, a side outside 1 ..
   *     {@link ImageSize#MAX_SIDE}, or a second size for the same image
   */
  private static List<TaskEvent> measured(TaskState state, List<ImageSize> sizes, String field) {
    Map<Integer, ImageSize> fresh = new TreeMap<>();
    for (int i = 0; i < sizes.size(); i++) {
      ImageSize size = sizes.get(i);
      String at = field + "[" + i + "]";
      if (size.imageIndex() < 0 || size.imageIndex() >= state.images().size()) {
        throw new TaskRejected(Reason.INVALID, at + ".imageIndex",
            "task %s has no image %d".formatted(state.taskId(), size.imageIndex()));
      }
      if (outside(size.width()) || outside(size.height())) {
        throw new TaskRejected(Reason.INVALID, at, "width and height must be 1 to " + ImageSize.MAX_SIDE);
      }
      if (fresh.containsKey(size.imageIndex())) {
        throw new TaskRejected(Reason.INVALID, at + ".imageIndex", "image " + size.imageIndex() + " is measured twice");
      }
      if (state.sizeOf(size.imageIndex()).isEmpty()) {
        fresh.put(size.imageIndex(), size);
      }
    }
    return fresh.isEmpty() ? List.of() : List.of(new ImagesMeasured(List.copyOf(fresh.values())));
  }

  private static boolean outside(int side) {
    return side < 1 || side > ImageSize.MAX_SIDE;
  }

  private static void requireExisting(TaskState state) {
    if (!state.exists()) {
      throw new TaskRejected(Reason.NOT_FOUND, "task " + state.taskId() + " does not exist");
    }
  }

  private static void require(TaskState state, TaskStatus expected, String action) {
    requireExisting(state);
    if (state.status() != expected) {
      throw new TaskRejected(Reason.CONFLICT, "task %s cannot %s: it is %s, not %s"
          .formatted(state.taskId(), action, state.status(), expected));
    }
  }

  /**
   * The task has an outcome that is not delivered yet: a result, or the rejection of an image, maybe after a failed
   * delivery.
   */
  private static void requireOutcome(TaskState state, String action) {
    if (!state.awaitsDelivery()) {
      require(state, TaskStatus.RESULT_GENERATED, action);
    }
  }

  /** The task's run ended with its outcome delivered: DONE, or REJECTED and told so. */
  private static void requireReported(TaskState state, String action) {
    requireExisting(state);
    if (!state.reported()) {
      throw new TaskRejected(Reason.CONFLICT, "task %s cannot %s: it is %s, not DONE or a reported REJECTED"
          .formatted(state.taskId(), action, state.status()));
    }
  }

  /** The state after one more event, at the state's version (for folds that do not track versions). */
  public static TaskState evolve(TaskState state, TaskEvent event) {
    return evolve(state, event, state.version());
  }

  /**
   * The state after one more event, stored at {@code version} of the task's stream. An open incident ends with the
   * task's next event (its job was retried and went on, or the run was cancelled or started again), except an
   * operator step's timers, which fire whatever happened to the job.
   */
  public static TaskState evolve(TaskState state, TaskEvent event, long version) {
    TaskState.Builder next = state.toBuilder().version(version);
    if (!(event instanceof TaskEscalated || event instanceof OperatorReleased)) {
      next.incident(null);
    }
    switch (event) {
      case TaskCreated created -> next.status(TaskStatus.CREATED)
          .request(created.type(), created.classGroup(), created.images(), created.callbackUrl(),
              created.clientId());
      case DetectionRequested requested ->
          next.status(TaskStatus.DETECTION_REQUESTED).model(requested.model()).classifier(null);
      case ModelNotFound notFound -> next.model(null);
      case ObjectsDetected detected -> next.status(TaskStatus.DETECTED)
          .classifier(detected.classifier())
          .detected(detected.objects())
          .objects(detected.objects().stream().map(DetectedObject::annotated).toList());
      case ClassesSuggested suggested -> {
        Map<String, ClassSuggestion> byObject = new HashMap<>();
        suggested.suggestions().forEach(suggestion -> byObject.put(suggestion.objectId(), suggestion));
        next.classifier(suggested.classifier()).detected(state.detected().stream()
            .map(object -> {
              ClassSuggestion suggestion = byObject.get(object.objectId());
              return suggestion == null ? object : object.suggested(suggestion.classId(), suggestion.confidence());
            })
            .toList());
      }
      case QualityCheckDecided decided -> { }
      case SuggestionsEvaluated evaluated -> { }
      case AutomaticResultEvaluated evaluated -> next.detectorScored(true);
      case ReadingsEvaluated evaluated -> next.unscoredReadings(List.of()).unscoredBoxChanged(0);
      case AssistanceRequested requested -> next.status(TaskStatus.WAITING_FOR_OPERATOR)
          .checking(requested.reason() == AssistanceReason.QUALITY_CHECK);
      case OperatorAssigned assigned ->
          next.status(TaskStatus.IN_PROGRESS).operator(assigned.operatorId(), assigned.sessionId());
      case ObjectsAdded added -> {
        List<AnnotatedObject> objects = new ArrayList<>(state.objects());
        objects.addAll(added.objects());
        next.objects(objects);
      }
      case ObjectsRemoved removed -> {
        next.objects(state.objects().stream()
            .filter(object -> !removed.objectIds().contains(object.objectId()))
            .toList());
        boxChanged(state, next, Set.copyOf(removed.objectIds()));
      }
      case ObjectsMoved moved -> boxChanged(state, next,
              moved.moves().stream().map(ObjectMove::objectId).collect(Collectors.toSet()))
          .objects(state.objects().stream()
          .map(object -> moved.moves().stream()
              .filter(move -> move.objectId().equals(object.objectId()))
              .reduce(object, (current, move) -> new AnnotatedObject(current.objectId(), current.imageIndex(),
                  move.box(), current.classId()), (a, b) -> b))
          .toList());
      case ObjectsLabeled labeled -> next.objects(state.objects().stream()
          .map(object -> labeled.labels().stream()
              .filter(label -> label.objectId().equals(object.objectId()))
              .reduce(object, (current, label) -> new AnnotatedObject(current.objectId(), current.imageIndex(),
                  current.box(), label.classId()), (a, b) -> b))
          .toList());
      case OperatorFinished finished -> next.status(TaskStatus.OPERATOR_FINISHED)
          .operatorChecked(state.operatorChecked() || state.checking());
      case TaskEscalated escalated -> next.priority(escalated.priority());
      case OperatorReleased released -> next.status(TaskStatus.WAITING_FOR_OPERATOR).operator(null, null);
      case TaskResultGenerated generated -> next.status(TaskStatus.RESULT_GENERATED).generated(generated);
      case TaskReported reported -> next.status(state.rejection() == null ? TaskStatus.DONE : TaskStatus.REJECTED)
          .reported(true);
      case TaskReprocessRequested reprocess -> next.status(TaskStatus.CREATED).model(null).detected(List.of())
          .operator(null, null).priority(0).objects(List.of()).readings(List.of()).generated(null).rejection(null)
          .recognizer(null).checking(false).operatorChecked(false).detectorScored(false).unscoredReadings(List.of())
          .unscoredBoxChanged(0).reported(false);
      case ImageRejected rejected -> next.status(TaskStatus.REJECTED).rejection(Rejection.of(rejected));
      case ImageDeclaredUnusable declared -> next.status(TaskStatus.REJECTED).rejection(Rejection.of(declared));
      case TaskResentToOperator resent -> next.status(TaskStatus.WAITING_FOR_OPERATOR).operator(null, null)
          .checking(true).reported(false);
      case CallbackDeliveryFailed failed -> next.status(TaskStatus.DELIVERY_FAILED);
      case TaskCancelled cancelled -> next.status(TaskStatus.CANCELLED);
      case TagsCorrected corrected -> {
        List<TagReading> readings = new ArrayList<>(state.readings().stream()
            .filter(reading -> corrected.corrections().stream()
                .noneMatch(correction -> correction.objectId().equals(reading.objectId())))
            .toList());
        corrected.corrections().forEach(correction ->
            readings.add(new TagReading(correction.objectId(), correction.text(), 1.0)));
        next.readings(readings);
      }
      case ImagesMeasured measured -> {
        List<ImageSize> sizes = new ArrayList<>(state.imageSizes());
        sizes.addAll(measured.sizes());
        next.imageSizes(sizes);
      }
      case RecipeRunStarted run -> next.recipe(run);
      case IncidentRaised raised -> next.incident(raised);
      case TagsRead read -> next.recognizer(read.model())
          .readings(replaced(state.readings(), read.readings()))
          .unscoredReadings(replaced(state.unscoredReadings(), read.readings()));
    }
    return next.build();
  }

  /**
   * Tags an operator moved or removed lose their reading; an unscored reading among them is counted as one whose
   * box was wrong, so its text is never scored, even if the operator types the tag's text afterwards.
   */
  private static TaskState.Builder boxChanged(TaskState state, TaskState.Builder next, Set<String> objectIds) {
    List<TagReading> unscored = state.unscoredReadings().stream()
        .filter(reading -> !objectIds.contains(reading.objectId()))
        .toList();
    return next
        .readings(state.readings().stream().filter(reading -> !objectIds.contains(reading.objectId())).toList())
        .unscoredReadings(unscored)
        .unscoredBoxChanged(state.unscoredBoxChanged() + state.unscoredReadings().size() - unscored.size());
  }

  /** The readings with those of the same tags replaced by the fresh ones. */
  private static List<TagReading> replaced(List<TagReading> readings, List<TagReading> fresh) {
    List<TagReading> result = new ArrayList<>(readings.stream()
        .filter(reading -> fresh.stream().noneMatch(newer -> newer.objectId().equals(reading.objectId())))
        .toList());
    result.addAll(fresh);
    return result;
  }
}
