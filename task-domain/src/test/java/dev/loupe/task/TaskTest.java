package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.task.ClassGroup.ObjectClass;
import dev.loupe.task.SessionCommand.AddObject;
import dev.loupe.task.TaskCommand.ClaimTask;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskCommand.DecideQualityCheck;
import dev.loupe.task.TaskCommand.EvaluateAutomaticResult;
import dev.loupe.task.TaskCommand.FinishOperatorSession;
import dev.loupe.task.TaskCommand.GenerateResult;
import dev.loupe.task.TaskCommand.RecordDeliveryFailure;
import dev.loupe.task.TaskCommand.RecordDetection;
import dev.loupe.task.TaskCommand.RejectImage;
import dev.loupe.task.TaskCommand.ReportResult;
import dev.loupe.task.TaskCommand.ReprocessTask;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskCommand.ResendToOperator;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskCommand.SuggestClasses;
import dev.loupe.task.TaskEvent.ObjectsRemoved;
import dev.loupe.task.TaskEvent.ObjectsLabeled;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.AutomaticResultEvaluated;
import dev.loupe.task.TaskEvent.CallbackDeliveryFailed;
import dev.loupe.task.TaskEvent.ClassScore;
import dev.loupe.task.TaskEvent.ClassSuggestion;
import dev.loupe.task.TaskEvent.ClassesSuggested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ImageRejected;
import dev.loupe.task.TaskEvent.ImagesMeasured;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEvent.TaskResentToOperator;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a rejection. */
class TaskTest {

  private static final String TASK_ID = "t-1";
  private static final ClassGroup BEVERAGES =
      new ClassGroup("beverages", List.of(new ObjectClass("cola", "Cola"), new ObjectClass("water", "Water")));
  private static final URI CALLBACK = URI.create("http://client.example/callback");
  private static final TaskCreated CREATED = new TaskCreated(TASK_ID, "product-detection", BEVERAGES,
      List.of(URI.create("http://img.example/1.jpg"), URI.create("http://img.example/2.jpg")), CALLBACK, "acme");
  private static final List<TaskEvent> WAITING = List.of(CREATED, new DetectionRequested("beverages", null),
      new ModelNotFound("beverages"), new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND));
  private static final Box BOX = new Box(10, 20, 30, 40);
  private static final ModelRef MODEL = new ModelRef("shelf_detector", "3");
  private static final ModelRef RECOGNIZER = new ModelRef("text_recognition", "1");

  @Test
  void shouldCreateTaskWhenNoneExists() {
    List<TaskEvent> events = when(List.of(), new CreateTask(TASK_ID, "product-detection", BEVERAGES,
        CREATED.images(), CALLBACK, "acme"));

    assertThat(events).containsExactly(CREATED);
  }

  @Test
  void shouldRejectCreateWhenTaskExists() {
    assertThatThrownBy(() -> when(List.of(CREATED), new CreateTask(TASK_ID, "product-detection", BEVERAGES,
        CREATED.images(), CALLBACK, "acme")))
        .isInstanceOf(TaskRejected.class)
        .extracting(rejected -> ((TaskRejected) rejected).reason())
        .isEqualTo(TaskRejected.Reason.CONFLICT);
  }

  @Test
  void shouldRecordModelNotFoundWhenResolvingModel() {
    assertThat(when(List.of(CREATED), new ResolveModel(null)))
        .containsExactly(new DetectionRequested("beverages", null), new ModelNotFound("beverages"));
  }

  @Test
  void shouldRequestAssistanceAfterModelNotFound() {
    assertThat(when(WAITING.subList(0, 3), new RequestAssistance(AssistanceReason.MODEL_NOT_FOUND)))
        .containsExactly(new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND));
  }

  @Test
  void shouldAssignOperatorWhenTaskWaits() {
    assertThat(when(WAITING, new ClaimTask("ayse", "s-1"))).containsExactly(new OperatorAssigned("ayse", "s-1"));
  }

  @Test
  void shouldRejectClaimWhenAlreadyAssigned() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertThatThrownBy(() -> when(given, new ClaimTask("bora", "s-2")))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("already claimed by operator ayse");
  }

  @Test
  void shouldRejectClaimWhenTaskIsNotWaiting() {
    assertThatThrownBy(() -> when(List.of(CREATED), new ClaimTask("ayse", "s-1")))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("it is CREATED, not WAITING_FOR_OPERATOR");
  }

  @Test
  void shouldRejectClaimOfUnknownTask() {
    assertThatThrownBy(() -> when(List.of(), new ClaimTask("ayse", "s-1")))
        .isInstanceOf(TaskRejected.class)
        .extracting(rejected -> ((TaskRejected) rejected).reason())
        .isEqualTo(TaskRejected.Reason.NOT_FOUND);
  }

  @Test
  void shouldAddObjectsAndFinishWhenSessionFinishes() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    List<TaskEvent> events = when(given, new FinishOperatorSession("s-1",
        List.of(new AddObject("a", 0, BOX, "cola"), new AddObject("b", 1, BOX, "water"))));

    assertThat(events).containsExactly(
        new ObjectsAdded("s-1", List.of(
            new AnnotatedObject("s-1-a", 0, BOX, "cola"), new AnnotatedObject("s-1-b", 1, BOX, "water"))),
        new OperatorFinished("ayse", "s-1"));
  }

  @Test
  void shouldOnlyFinishWhenSessionFoundNothing() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertThat(when(given, new FinishOperatorSession("s-1", List.of())))
        .containsExactly(new OperatorFinished("ayse", "s-1"));
  }

  @Test
  void shouldRejectFinishOfAnotherSession() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertThatThrownBy(() -> when(given, new FinishOperatorSession("s-2", List.of())))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("session s-2 is not open");
  }

  @Test
  void shouldNameTheFieldWhenAnObjectIsInvalid() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertRejectedField(given, new AddObject("b", 2, BOX, "cola"), "commands[1].imageIndex");
    assertRejectedField(given, new AddObject("b", 0, BOX, "beer"), "commands[1].classId");
    assertRejectedField(given, new AddObject("b", 0, new Box(0, 0, 0, 5), "cola"), "commands[1].box");
    assertRejectedField(given, new AddObject("a", 0, BOX, "cola"), "commands[1].objectId");
    assertRejectedField(given, new SessionCommand.RemoveObject("nope"), "commands[1].objectId");
  }

  @Test
  void shouldGenerateResultFromOperatorObjects() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new ObjectsAdded("s-1", List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola"))),
        new OperatorFinished("ayse", "s-1"));

    assertThat(when(given, new GenerateResult()))
        .containsExactly(new TaskResultGenerated(List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola")), List.of()));
  }

  @Test
  void shouldScoreTheClassifiersSuggestionsAgainstTheOperatorsResultWhenGeneratingIt() {
    // given: three detected objects with suggestions; the operator relabels one, removes one, keeps one
    ModelRef classifier = new ModelRef("classifier-beverages", "2");
    List<TaskEvent> given = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of(
            new DetectedObject("det-0", 0, BOX, "cola", 0.4).suggested("cola", 0.9),
            new DetectedObject("det-1", 0, BOX, "cola", 0.4).suggested("cola", 0.6),
            new DetectedObject("det-2", 0, BOX, "water", 0.4).suggested("water", 0.7)), classifier),
        new QualityCheckDecided(true, "LOW_CONFIDENCE"),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK),
        new OperatorAssigned("ayse", "s-1"),
        new ObjectsLabeled("s-1", List.of(new TaskEvent.ObjectLabel("det-1", "water"))),
        new ObjectsRemoved("s-1", List.of("det-2")),
        new OperatorFinished("ayse", "s-1"));

    // when
    List<TaskEvent> events = when(given, new GenerateResult());

    // then: cola was suggested twice and kept once; the removed object judges the detector, not the suggestion
    assertThat(events.getFirst()).isEqualTo(new TaskEvent.SuggestionsEvaluated(classifier,
        List.of(new TaskEvent.SuggestionScore("cola", 2, 1))));
    assertThat(events.get(1)).isInstanceOf(TaskResultGenerated.class);
  }

  @Test
  void shouldNotScoreSuggestionsOfAResultNoOperatorSaw() {
    ModelRef classifier = new ModelRef("classifier-beverages", "2");
    List<TaskEvent> given = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of(new DetectedObject("det-0", 0, BOX, "cola", 0.9).suggested("cola", 0.9)),
            classifier),
        new QualityCheckDecided(false, "CONFIDENT"));

    assertThat(when(given, new GenerateResult())).singleElement().isInstanceOf(TaskResultGenerated.class);
  }

  @Test
  void shouldRecordTheClassifiersSuggestionsForDetectedObjectsOnce() {
    // given: a detection without suggestions, which an operator will check
    ModelRef classifier = new ModelRef("classifier-beverages", "2");
    List<TaskEvent> given = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of(new DetectedObject("det-0", 0, BOX, "cola", 0.4),
            new DetectedObject("det-1", 0, BOX, "cola", 0.4))),
        new QualityCheckDecided(true, "LOW_CONFIDENCE"));
    List<ClassSuggestion> suggestions = List.of(new ClassSuggestion("det-1", "water", 0.8));

    // when
    List<TaskEvent> events = when(given, new SuggestClasses(classifier, suggestions));

    // then: the suggestion sits on its object, and a second recording of it (a retried job) records nothing
    assertThat(events).containsExactly(new ClassesSuggested(classifier, suggestions));
    TaskState suggested = fold(concat(given, events.getFirst()));
    assertThat(suggested.classifier()).isEqualTo(classifier);
    assertThat(suggested.detected()).extracting(DetectedObject::suggestedClassId).containsExactly(null, "water");
    assertThat(when(concat(given, events.getFirst()), new SuggestClasses(classifier, suggestions))).isEmpty();
  }

  @Test
  void shouldScoreSuggestionsRecordedAfterTheDetectionOnceAnOperatorChecked() {
    ModelRef classifier = new ModelRef("classifier-beverages", "2");
    List<TaskEvent> given = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of(new DetectedObject("det-0", 0, BOX, "cola", 0.4))),
        new QualityCheckDecided(true, "LOW_CONFIDENCE"),
        new ClassesSuggested(classifier, List.of(new ClassSuggestion("det-0", "water", 0.7))),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK),
        new OperatorAssigned("ayse", "s-1"),
        new ObjectsLabeled("s-1", List.of(new TaskEvent.ObjectLabel("det-0", "water"))),
        new OperatorFinished("ayse", "s-1"));

    assertThat(when(given, new GenerateResult()).getFirst()).isEqualTo(new TaskEvent.SuggestionsEvaluated(classifier,
        List.of(new TaskEvent.SuggestionScore("water", 1, 1))));
  }

  @Test
  void shouldRefuseSuggestionsForObjectsTheTaskDoesNotHaveOrOutsideItsClassGroup() {
    ModelRef classifier = new ModelRef("classifier-beverages", "2");
    List<TaskEvent> given = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of(new DetectedObject("det-0", 0, BOX, "cola", 0.4))));

    assertThat(invalidField(given, new SuggestClasses(classifier, List.of()))).isEqualTo("suggestions");
    assertThat(invalidField(given, new SuggestClasses(null, List.of(new ClassSuggestion("det-0", "cola", 0.5)))))
        .isEqualTo("suggestions");
    assertThat(invalidField(given, new SuggestClasses(classifier, List.of(new ClassSuggestion("det-9", "cola", 0.5)))))
        .as("no such object").isEqualTo("suggestions");
    assertThat(invalidField(given, new SuggestClasses(classifier, List.of(new ClassSuggestion("det-0", "cola", 0.5),
        new ClassSuggestion("det-0", "water", 0.5))))).as("one object twice").isEqualTo("suggestions");
    assertThat(invalidField(given, new SuggestClasses(classifier, List.of(new ClassSuggestion("det-0", "beer", 0.5)))))
        .as("a class outside the group").isEqualTo("suggestions");
    assertThat(invalidField(given, new SuggestClasses(classifier, List.of(new ClassSuggestion("det-0", "cola", 1.5)))))
        .as("a confidence above 1").isEqualTo("suggestions");
    assertThatThrownBy(() -> when(List.of(CREATED, new DetectionRequested("beverages", MODEL)),
        new SuggestClasses(classifier, List.of(new ClassSuggestion("det-0", "cola", 0.5)))))
        .isInstanceOf(TaskRejected.class).hasMessageContaining("record suggested classes");
  }

  @Test
  void shouldReportResultOnceGenerated() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new OperatorFinished("ayse", "s-1"), new TaskResultGenerated(List.of(), List.of()));

    assertThat(when(given, new ReportResult(204))).containsExactly(new TaskReported(CALLBACK, 204));
  }

  @Test
  void shouldBeDeliveryFailedAfterAFailedDeliveryThenFailAgainOrReportOnALaterAttemptAndBeDone() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new OperatorFinished("ayse", "s-1"), new TaskResultGenerated(List.of(), List.of()));

    List<TaskEvent> failed = when(given, new RecordDeliveryFailure(5, "503 Service Unavailable"));

    assertThat(failed).containsExactly(new CallbackDeliveryFailed(CALLBACK, 5, "503 Service Unavailable"));
    List<TaskEvent> undelivered = concat(given, failed.toArray(TaskEvent[]::new));
    assertThat(fold(undelivered).status()).isEqualTo(TaskStatus.DELIVERY_FAILED);
    assertThat(when(undelivered, new RecordDeliveryFailure(5, "timeout")))
        .containsExactly(new CallbackDeliveryFailed(CALLBACK, 5, "timeout"));
    assertThat(when(undelivered, new ReportResult(200))).containsExactly(new TaskReported(CALLBACK, 200));
    assertThat(fold(concat(undelivered, new TaskReported(CALLBACK, 200))).status()).isEqualTo(TaskStatus.DONE);
  }

  @Test
  void shouldCancelATaskWhoseDeliveryFailed() {
    List<TaskEvent> undelivered = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new OperatorFinished("ayse", "s-1"), new TaskResultGenerated(List.of(), List.of()),
        new CallbackDeliveryFailed(CALLBACK, 5, "503 Service Unavailable"));

    assertThat(when(undelivered, new TaskCommand.CancelTask("gave up")))
        .containsExactly(new TaskEvent.TaskCancelled("gave up"));
    assertThat(fold(concat(undelivered, new TaskEvent.TaskCancelled("gave up"))).status())
        .isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void shouldStartADoneTaskOverWhenReprocessedAndRefuseAnUnfinishedOne() {
    List<TaskEvent> done = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new ObjectsAdded("s-1", List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola"))),
        new OperatorFinished("ayse", "s-1"),
        new TaskResultGenerated(List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola")), List.of()),
        new TaskReported(CALLBACK, 200));

    List<TaskEvent> reprocessed = when(done, new ReprocessTask("new model"));

    assertThat(reprocessed).containsExactly(new TaskReprocessRequested("new model"));
    TaskState again = fold(concat(done, reprocessed.toArray(TaskEvent[]::new)));
    assertThat(again.status()).isEqualTo(TaskStatus.CREATED);
    assertThat(again.objects()).isEmpty();
    assertThat(again.result()).isEmpty();
    assertThat(again.operatorId()).isNull();
    assertThatThrownBy(() -> when(WAITING, new ReprocessTask("too early")))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("cannot be reprocessed: it is WAITING_FOR_OPERATOR, not DONE or a reported REJECTED");
  }

  @Test
  void shouldSendADoneTaskBackToTheOperatorsWithItsObjects() {
    List<TaskEvent> done = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new ObjectsAdded("s-1", List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola"))),
        new OperatorFinished("ayse", "s-1"),
        new TaskResultGenerated(List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola")), List.of()),
        new TaskReported(CALLBACK, 200));

    List<TaskEvent> resent = when(done, new ResendToOperator("wrong shelf"));

    assertThat(resent).containsExactly(new TaskResentToOperator("wrong shelf"));
    TaskState again = fold(concat(done, resent.toArray(TaskEvent[]::new)));
    assertThat(again.status()).isEqualTo(TaskStatus.WAITING_FOR_OPERATOR);
    assertThat(again.operatorId()).isNull();
    assertThat(again.objects()).extracting(AnnotatedObject::classId).containsExactly("cola");
    assertThat(when(concat(done, resent.toArray(TaskEvent[]::new)), new ClaimTask("bora", "s-2")))
        .containsExactly(new OperatorAssigned("bora", "s-2"));
  }

  @Test
  void shouldFoldToDoneWithOperatorAndResult() {
    List<TaskEvent> history = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new ObjectsAdded("s-1", List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola"))),
        new OperatorFinished("ayse", "s-1"),
        new TaskResultGenerated(List.of(new AnnotatedObject("s-1-0", 0, BOX, "cola")), List.of()),
        new TaskReported(CALLBACK, 200));

    TaskState state = fold(history);

    assertThat(state.status()).isEqualTo(TaskStatus.DONE);
    assertThat(state.operatorId()).isEqualTo("ayse");
    assertThat(state.result()).extracting(AnnotatedObject::classId).containsExactly("cola");
  }

  @Test
  void shouldRequestDetectionWithTheRegisteredModel() {
    assertThat(when(List.of(CREATED), new ResolveModel(MODEL)))
        .containsExactly(new DetectionRequested("beverages", MODEL));
  }

  @Test
  void shouldRecordWhatTheModelFound() {
    List<DetectedObject> found = List.of(new DetectedObject("det-0-0", 0, BOX, "cola", 0.9));

    assertThat(when(List.of(CREATED, new DetectionRequested("beverages", MODEL)), new RecordDetection(found)))
        .containsExactly(new ObjectsDetected(MODEL, found));
  }

  @Test
  void shouldRequireQualityCheckWhenAnObjectIsUnsure() {
    List<TaskEvent> given = detected(new DetectedObject("det-0-0", 0, BOX, "cola", 0.4));

    assertThat(when(given, new DecideQualityCheck(new QualityPolicy(0, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(true, "LOW_CONFIDENCE"));
  }

  @Test
  void shouldSkipQualityCheckForConfidentUnsampledResult() {
    List<TaskEvent> given = detected(new DetectedObject("det-0-0", 0, BOX, "cola", 0.9));

    assertThat(when(given, new DecideQualityCheck(new QualityPolicy(0, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(false, "CONFIDENT"));
    assertThat(when(given, new DecideQualityCheck(new QualityPolicy(1, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(true, "SAMPLED"));
  }

  @Test
  void shouldGenerateTheModelsResultWithoutAnOperator() {
    List<TaskEvent> given = detected(new DetectedObject("det-0-0", 0, BOX, "cola", 0.9));

    assertThat(when(given, new GenerateResult()))
        .containsExactly(new TaskResultGenerated(List.of(new AnnotatedObject("det-0-0", 0, BOX, "cola")), List.of()));
  }

  @Test
  void shouldScoreTheModelAgainstTheOperatorsCorrection() {
    List<TaskEvent> given = concat(detected(new DetectedObject("det-0-0", 0, BOX, "cola", 0.9),
            new DetectedObject("det-0-1", 0, new Box(200, 200, 10, 10), "cola", 0.6)),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK), new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.ObjectsRemoved("s-1", List.of("det-0-1")),
        new ObjectsAdded("s-1", List.of(new AnnotatedObject("s-1-a", 1, BOX, "water"))),
        new OperatorFinished("ayse", "s-1"));

    assertThat(when(given, new EvaluateAutomaticResult(0.5))).containsExactly(
        new AutomaticResultEvaluated(MODEL, 0.5, List.of(new ClassScore("cola", 1, 1, 0), new ClassScore("water", 0, 0, 1))));
  }

  @Test
  void shouldRejectQualityCheckRequestWithoutAnAutomaticResult() {
    assertThatThrownBy(() -> when(WAITING.subList(0, 3), new RequestAssistance(AssistanceReason.QUALITY_CHECK)))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("not DETECTED");
  }

  @Test
  void shouldRaisePriorityEachTimeTheOperatorStepOutlivesItsSla() {
    List<TaskEvent> given = concat(WAITING, new TaskEvent.TaskEscalated(1));

    assertThat(when(given, new TaskCommand.EscalateTask())).containsExactly(new TaskEvent.TaskEscalated(2));
    assertThat(fold(concat(given, new TaskEvent.TaskEscalated(2))).priority()).isEqualTo(2);
  }

  @Test
  void shouldReleaseAClaimOnlyWhenIdleTooLong() {
    java.time.Instant claimed = java.time.Instant.parse("2026-11-22T10:00:00Z");
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));
    java.time.Duration limit = java.time.Duration.ofMinutes(30);

    assertThat(when(given, new TaskCommand.ReleaseIdleClaim(claimed, claimed.plusSeconds(29 * 60), limit))).isEmpty();
    assertThat(when(given, new TaskCommand.ReleaseIdleClaim(claimed, claimed.plusSeconds(31 * 60), limit)))
        .containsExactly(new TaskEvent.OperatorReleased("ayse", "s-1", "IDLE"));
  }

  @Test
  void shouldReleaseTheOpenSessionWhenItsOperatorGivesTheTaskBack() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertThat(when(given, new TaskCommand.ReleaseClaim("s-1")))
        .containsExactly(new TaskEvent.OperatorReleased("ayse", "s-1", "RELEASED"));
  }

  @Test
  void shouldRefuseToReleaseASessionThatIsNotOpen() {
    List<TaskEvent> claimedAgain = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.OperatorReleased("ayse", "s-1", "IDLE"), new OperatorAssigned("bora", "s-2"));

    assertThatThrownBy(() -> when(claimedAgain, new TaskCommand.ReleaseClaim("s-1")))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("session s-1 of task")
        .hasMessageContaining("no longer open");
    assertThatThrownBy(() -> when(WAITING, new TaskCommand.ReleaseClaim("s-1"))).isInstanceOf(TaskRejected.class);
  }

  @Test
  void shouldCloseTheSessionAndRejectTheTaskWithTheReasonWhenItsOperatorDeclaresAnImageUnusable() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    List<TaskEvent> declared = when(given,
        new TaskCommand.DeclareImageUnusable("s-1", 1, UnusableReason.BLURRED, "  motion blur  "));

    TaskEvent.ImageDeclaredUnusable unusable = new TaskEvent.ImageDeclaredUnusable("ayse", "s-1", 1,
        URI.create("http://img.example/2.jpg"), UnusableReason.BLURRED, "motion blur");
    assertThat(declared).containsExactly(unusable);
    List<TaskEvent> history = concat(given, unusable);
    assertThat(fold(history).status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(fold(history).awaitsDelivery()).isTrue();
    assertThat(fold(history).rejection()).isEqualTo(new Rejection(1, URI.create("http://img.example/2.jpg"),
        "is too blurred to use", UnusableReason.BLURRED, "motion blur"));
    assertThat(when(history, new ReportResult(200))).containsExactly(new TaskReported(CALLBACK, 200));
    assertThat(fold(concat(history, new TaskReported(CALLBACK, 200))).status()).isEqualTo(TaskStatus.REJECTED);
    assertThatThrownBy(() -> when(history, new FinishOperatorSession("s-1", List.of())))
        .isInstanceOf(TaskRejected.class).hasMessageContaining("not open");
  }

  @Test
  void shouldRefuseToDeclareAnImageUnusableInASessionThatIsNotOpen() {
    List<TaskEvent> claimedAgain = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.OperatorReleased("ayse", "s-1", "RELEASED"), new OperatorAssigned("bora", "s-2"));
    List<TaskEvent> finished = concat(WAITING, new OperatorAssigned("ayse", "s-1"), new OperatorFinished("ayse", "s-1"));

    assertThatThrownBy(() -> when(claimedAgain,
        new TaskCommand.DeclareImageUnusable("s-1", 0, UnusableReason.DARK, null)))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("session s-1 of task")
        .hasMessageContaining("no longer open");
    assertThatThrownBy(() -> when(finished, new TaskCommand.DeclareImageUnusable("s-1", 0, UnusableReason.DARK, null)))
        .isInstanceOf(TaskRejected.class)
        .extracting(rejected -> ((TaskRejected) rejected).reason()).isEqualTo(TaskRejected.Reason.CONFLICT);
  }

  @Test
  void shouldRefuseAnUnusableImageDeclarationNamingTheBadField() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertThat(invalidField(given, new TaskCommand.DeclareImageUnusable("s-1", 2, UnusableReason.DARK, null)))
        .isEqualTo("imageIndex");
    assertThat(invalidField(given, new TaskCommand.DeclareImageUnusable("s-1", 0, null, null))).isEqualTo("reason");
    assertThat(invalidField(given, new TaskCommand.DeclareImageUnusable("s-1", 0, UnusableReason.OTHER, " ")))
        .as("OTHER needs a note").isEqualTo("note");
    assertThat(invalidField(given, new TaskCommand.DeclareImageUnusable("s-1", 0, UnusableReason.DARK,
        "x".repeat(UnusableReason.MAX_NOTE + 1)))).isEqualTo("note");
    assertThat(when(given, new TaskCommand.DeclareImageUnusable("s-1", 0, UnusableReason.OTHER, "a poster")))
        .hasSize(1);
  }

  private static String invalidField(List<TaskEvent> given, TaskCommand command) {
    try {
      when(given, command);
    } catch (TaskRejected rejected) {
      assertThat(rejected.reason()).isEqualTo(TaskRejected.Reason.INVALID);
      return rejected.field();
    }
    throw new AssertionError("accepted " + command);
  }

  @Test
  void shouldLetAnotherOperatorClaimAReleasedTaskAndRefuseTheOldSession() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.OperatorReleased("ayse", "s-1", "IDLE"));

    assertThat(when(given, new ClaimTask("bora", "s-2"))).containsExactly(new OperatorAssigned("bora", "s-2"));
    assertThatThrownBy(() -> when(given, new FinishOperatorSession("s-1", List.of())))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("session s-1 is not open");
  }

  @Test
  void shouldCancelAnUnfinishedTaskOnlyOnce() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertThat(when(given, new TaskCommand.CancelTask("wrong shelf")))
        .containsExactly(new TaskEvent.TaskCancelled("wrong shelf"));
    assertThatThrownBy(() -> when(concat(given, new TaskEvent.TaskCancelled("x")), new TaskCommand.CancelTask("y")))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("already CANCELLED");
    assertThatThrownBy(() -> when(concat(given, new TaskEvent.TaskCancelled("x")),
        new FinishOperatorSession("s-1", List.of())))
        .isInstanceOf(TaskRejected.class);
  }

  @Test
  void shouldForgetTheReadingOfATagAnOperatorMovedSoOnlyItIsReadAgain() {
    List<TaskEvent> given = concat(detected(new DetectedObject("t1", 0, BOX, "cola", 0.9),
            new DetectedObject("t2", 0, new Box(100, 100, 20, 10), "cola", 0.9)),
        new TaskEvent.TagsRead(MODEL, List.of(new TaskEvent.TagReading("t1", "12.99", 0.6),
            new TaskEvent.TagReading("t2", "3.49", 0.95))),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK), new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.ObjectsMoved("s-1", List.of(new TaskEvent.ObjectMove("t1", new Box(8, 18, 34, 44)))),
        new OperatorFinished("ayse", "s-1"));

    TaskState state = fold(given);

    assertThat(state.unread()).extracting(AnnotatedObject::objectId).containsExactly("t1");
    assertThat(state.readings()).extracting(TaskEvent.TagReading::objectId).containsExactly("t2");
    assertThat(when(given, new TaskCommand.ReadTags(MODEL, List.of(new TaskEvent.TagReading("t1", "12.99", 0.97)))))
        .containsExactly(new TaskEvent.TagsRead(MODEL, List.of(new TaskEvent.TagReading("t1", "12.99", 0.97))));
    assertThat(when(given, new RequestAssistance(AssistanceReason.QUALITY_CHECK)))
        .containsExactly(new AssistanceRequested(AssistanceReason.QUALITY_CHECK));
  }

  @Test
  void shouldScoreTheDetectorAndTheRecogniserAgainstTheOperatorsCheckOnce() {
    List<TaskEvent> given = concat(detected(new DetectedObject("t1", 0, BOX, "cola", 0.9),
            new DetectedObject("t2", 0, new Box(100, 100, 20, 10), "cola", 0.9),
            new DetectedObject("t3", 0, new Box(300, 100, 20, 10), "cola", 0.9)),
        new TaskEvent.TagsRead(RECOGNIZER, List.of(new TaskEvent.TagReading("t1", "12.99", 0.6),
            new TaskEvent.TagReading("t2", "3.49", 0.95), new TaskEvent.TagReading("t3", "1.00", 0.9))),
        new QualityCheckDecided(true, "UNSURE_READING"),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK), new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.TagsCorrected("s-1", List.of(new TaskEvent.TagCorrection("t1", "12.90", "12.99"))),
        new TaskEvent.ObjectsRemoved("s-1", List.of("t3")),
        new OperatorFinished("ayse", "s-1"));

    List<TaskEvent> scores = when(given, new EvaluateAutomaticResult(0.5));

    assertThat(scores).containsExactly(
        new AutomaticResultEvaluated(MODEL, 0.5, List.of(new ClassScore("cola", 2, 1, 0))),
        new TaskEvent.ReadingsEvaluated(RECOGNIZER, 2, 1, 1, 9, 1));
    List<TaskEvent> scored = concat(given, scores.toArray(TaskEvent[]::new));
    assertThat(when(scored, new EvaluateAutomaticResult(0.5))).as("nothing is scored twice").isEmpty();
    assertThat(when(scored, new DecideQualityCheck(new QualityPolicy(1, 0.5), 0.8)))
        .as("after a check, nothing new to read is nothing to check")
        .containsExactly(new QualityCheckDecided(false, "CONFIDENT"));
    TaskState reprocessed = fold(concat(scored, new TaskResultGenerated(List.of(), List.of()),
        new TaskReported(CALLBACK, 204), new TaskReprocessRequested("new detector")));
    assertThat(reprocessed.operatorChecked()).isFalse();
    assertThat(reprocessed.detectorScored()).isFalse();
    assertThat(reprocessed.unscoredReadings()).isEmpty();
  }

  @Test
  void shouldCheckReadingsBeforeAnyCheckByConfidenceOrSampleAndAfterOnlyTheUnsureNewOnes() {
    List<TaskEvent> sureReadings = concat(detected(new DetectedObject("t1", 0, BOX, "cola", 0.9)),
        new TaskEvent.TagsRead(RECOGNIZER, List.of(new TaskEvent.TagReading("t1", "12.99", 0.95))));
    List<TaskEvent> unsureReading = concat(detected(new DetectedObject("t1", 0, BOX, "cola", 0.9)),
        new TaskEvent.TagsRead(RECOGNIZER, List.of(new TaskEvent.TagReading("t1", "12.99", 0.6))));
    assertThat(when(sureReadings, new DecideQualityCheck(new QualityPolicy(0, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(false, "CONFIDENT"));
    assertThat(when(sureReadings, new DecideQualityCheck(new QualityPolicy(1, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(true, "SAMPLED"));
    assertThat(when(unsureReading, new DecideQualityCheck(new QualityPolicy(0, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(true, "UNSURE_READING"));

    List<TaskEvent> checkedThenMoved = concat(detected(new DetectedObject("t1", 0, BOX, "cola", 0.3)),
        new TaskEvent.TagsRead(RECOGNIZER, List.of(new TaskEvent.TagReading("t1", "12.99", 0.6))),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK), new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.ObjectsMoved("s-1", List.of(new TaskEvent.ObjectMove("t1", new Box(8, 18, 34, 44)))),
        new OperatorFinished("ayse", "s-1"),
        new TaskEvent.ReadingsEvaluated(RECOGNIZER, 0, 0, 0, 0, 1));
    assertThat(when(concat(checkedThenMoved, new TaskEvent.TagsRead(RECOGNIZER,
            List.of(new TaskEvent.TagReading("t1", "12.90", 0.7)))), new DecideQualityCheck(new QualityPolicy(1, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(true, "UNSURE_READING"));
    assertThat(when(concat(checkedThenMoved, new TaskEvent.TagsRead(RECOGNIZER,
            List.of(new TaskEvent.TagReading("t1", "12.90", 0.97)))), new DecideQualityCheck(new QualityPolicy(1, 0.5), 0.8)))
        .as("an unsure detection and the sample count before the first check only")
        .containsExactly(new QualityCheckDecided(false, "CONFIDENT"));
  }

  @Test
  void shouldNotBlameTheRecogniserForATagWhoseBoxTheOperatorMovedThenTyped() {
    List<TaskEvent> given = concat(detected(new DetectedObject("t1", 0, BOX, "cola", 0.9)),
        new TaskEvent.TagsRead(RECOGNIZER, List.of(new TaskEvent.TagReading("t1", "12.99", 0.6))),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK), new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.ObjectsMoved("s-1", List.of(new TaskEvent.ObjectMove("t1", new Box(8, 18, 60, 44)))),
        new TaskEvent.TagsCorrected("s-1", List.of(new TaskEvent.TagCorrection("t1", "12.99 TL", null))),
        new OperatorFinished("ayse", "s-1"));

    assertThat(when(given, new EvaluateAutomaticResult(0.5))).last()
        .isEqualTo(new TaskEvent.ReadingsEvaluated(RECOGNIZER, 0, 0, 0, 0, 1));
  }

  @Test
  void shouldSampleTagsAnOperatorDrewBecauseDrawingIsNoCheck() {
    List<TaskEvent> drawnAndRead = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new ObjectsAdded("s-1", List.of(new AnnotatedObject("t1", 0, BOX, "cola"))),
        new OperatorFinished("ayse", "s-1"),
        new TaskEvent.TagsRead(RECOGNIZER, List.of(new TaskEvent.TagReading("t1", "12.99", 0.95))));

    assertThat(fold(drawnAndRead).operatorChecked()).isFalse();
    assertThat(when(drawnAndRead, new DecideQualityCheck(new QualityPolicy(1, 0.5), 0.8)))
        .containsExactly(new QualityCheckDecided(true, "SAMPLED"));
  }

  @Test
  void shouldGoTheNoModelWayWhenTheServerDoesNotServeTheModel() {
    List<TaskEvent> given = List.of(CREATED, new DetectionRequested("beverages", MODEL));

    assertThat(when(given, new TaskCommand.MarkModelNotServed())).containsExactly(new ModelNotFound("beverages"));
    List<TaskEvent> notServed = concat(given, new ModelNotFound("beverages"));
    assertThat(fold(notServed).model()).isNull();
    assertThat(when(notServed, new RequestAssistance(AssistanceReason.MODEL_NOT_FOUND)))
        .containsExactly(new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND));
  }

  private static List<TaskEvent> detected(DetectedObject... objects) {
    return List.of(CREATED, new DetectionRequested("beverages", MODEL), new ObjectsDetected(MODEL, List.of(objects)));
  }

  private void assertRejectedField(List<TaskEvent> given, SessionCommand bad, String field) {
    assertInvalid(given, new FinishOperatorSession("s-1", List.of(new AddObject("a", 0, BOX, "cola"), bad)), field);
  }

  private void assertInvalid(List<TaskEvent> given, TaskCommand command, String field) {
    assertThatThrownBy(() -> when(given, command))
        .isInstanceOfSatisfying(TaskRejected.class, rejected -> {
          assertThat(rejected.reason()).isEqualTo(TaskRejected.Reason.INVALID);
          assertThat(rejected.field()).isEqualTo(field);
        });
  }

  @Test
  void shouldRejectAnUnusableImageThenReportTheRejectionOnceAndStayRejected() {
    List<TaskEvent> detecting = List.of(CREATED, new DetectionRequested("beverages", MODEL));

    List<TaskEvent> rejected = when(detecting, new RejectImage(1, "answered HTTP 404"));

    ImageRejected rejection = new ImageRejected(1, URI.create("http://img.example/2.jpg"), "answered HTTP 404");
    assertThat(rejected).containsExactly(rejection);
    List<TaskEvent> history = concat(detecting, rejected.toArray(TaskEvent[]::new));
    assertThat(fold(history).status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(fold(history).rejection())
        .isEqualTo(new Rejection(1, URI.create("http://img.example/2.jpg"), "answered HTTP 404", null, null));
    assertThat(when(history, new ReportResult(204))).containsExactly(new TaskReported(CALLBACK, 204));
    assertThatThrownBy(() -> when(history, new RejectImage(0, "again")))
        .isInstanceOf(TaskRejected.class).hasMessageContaining("already REJECTED");
    List<TaskEvent> reported = concat(history, new TaskReported(CALLBACK, 204));
    assertThat(fold(reported).status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(fold(reported).reported()).isTrue();
    assertThatThrownBy(() -> when(reported, new ReportResult(204))).isInstanceOf(TaskRejected.class);
    assertThat(fold(concat(reported, new TaskReprocessRequested("fixed")))
        .rejection()).as("a reprocessed task starts without its old rejection").isNull();
  }

  @Test
  void shouldBeDeliveryFailedWhenARejectionCannotBeDeliveredAndRejectedOnceALaterAttemptReportsIt() {
    List<TaskEvent> rejected = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ImageRejected(0, URI.create("http://img.example/1.jpg"), "not an image"));

    List<TaskEvent> failed = when(rejected, new RecordDeliveryFailure(5, "connection refused"));

    assertThat(failed).containsExactly(new CallbackDeliveryFailed(CALLBACK, 5, "connection refused"));
    List<TaskEvent> undelivered = concat(rejected, failed.toArray(TaskEvent[]::new));
    assertThat(fold(undelivered).status()).isEqualTo(TaskStatus.DELIVERY_FAILED);
    assertThat(when(undelivered, new ReportResult(200))).containsExactly(new TaskReported(CALLBACK, 200));
    assertThat(fold(concat(undelivered, new TaskReported(CALLBACK, 200))).status()).isEqualTo(TaskStatus.REJECTED);
  }

  @Test
  void shouldRefuseToCancelOrResendARejectedTaskOnceTheClientWasTold() {
    List<TaskEvent> reported = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ImageRejected(0, URI.create("http://img.example/1.jpg"), "not an image"), new TaskReported(CALLBACK, 200));

    assertThatThrownBy(() -> when(reported, new TaskCommand.CancelTask("too late")))
        .isInstanceOf(TaskRejected.class).hasMessageContaining("already REJECTED");
    assertThatThrownBy(() -> when(reported, new ResendToOperator("look again")))
        .isInstanceOf(TaskRejected.class).hasMessageContaining("it is REJECTED, not DONE");
  }

  @Test
  void shouldCancelARejectedTaskWhileItsRejectionIsNotDeliveredYet() {
    List<TaskEvent> rejected = List.of(CREATED, new DetectionRequested("beverages", MODEL),
        new ImageRejected(0, URI.create("http://img.example/1.jpg"), "not an image"));

    assertThat(when(rejected, new TaskCommand.CancelTask("never mind")))
        .containsExactly(new TaskEvent.TaskCancelled("never mind"));
  }

  @Test
  void shouldRefuseToRejectAnImageTheTaskDoesNotHave() {
    assertThatThrownBy(() -> when(List.of(CREATED), new RejectImage(2, "answered HTTP 404")))
        .isInstanceOfSatisfying(TaskRejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(TaskRejected.Reason.INVALID));
  }

  @Test
  void shouldMeasureTheImagesTheDetectionDecodedBeforeWhatItFound() {
    List<DetectedObject> found = List.of(new DetectedObject("det-0-0", 0, BOX, "cola", 0.9));
    List<ImageSize> sizes = List.of(new ImageSize(1, 640, 480), new ImageSize(0, 3840, 2160));

    assertThat(when(List.of(CREATED, new DetectionRequested("beverages", MODEL)), new RecordDetection(found, sizes)))
        .containsExactly(new ImagesMeasured(List.of(new ImageSize(0, 3840, 2160), new ImageSize(1, 640, 480))),
            new ObjectsDetected(MODEL, found));
  }

  @Test
  void shouldMeasureOnlyTheImagesNotMeasuredBeforeWhenASessionFinishes() {
    List<TaskEvent> given = concat(WAITING, new ImagesMeasured(List.of(new ImageSize(0, 3840, 2160))),
        new OperatorAssigned("ayse", "s-1"));

    List<TaskEvent> events = when(given, new FinishOperatorSession("s-1", List.of(),
        List.of(new ImageSize(0, 1920, 1080), new ImageSize(1, 800, 600))));

    assertThat(events).containsExactly(new ImagesMeasured(List.of(new ImageSize(1, 800, 600))),
        new OperatorFinished("ayse", "s-1"));
    assertThat(fold(concat(given, events.toArray(TaskEvent[]::new))).imageSizes())
        .containsExactly(new ImageSize(0, 3840, 2160), new ImageSize(1, 800, 600));
  }

  @Test
  void shouldNameTheSizeThatDoesNotFitWhenASessionFinishes() {
    List<TaskEvent> given = concat(WAITING, new OperatorAssigned("ayse", "s-1"));

    assertRejectedSize(given, List.of(new ImageSize(2, 10, 10)), "imageSizes[0].imageIndex");
    assertRejectedSize(given, List.of(new ImageSize(0, 10, 10), new ImageSize(1, 0, 10)), "imageSizes[1]");
    assertRejectedSize(given, List.of(new ImageSize(0, 10, ImageSize.MAX_SIDE + 1)), "imageSizes[0]");
    assertRejectedSize(given, List.of(new ImageSize(1, 10, 10), new ImageSize(1, 20, 20)), "imageSizes[1].imageIndex");
  }

  @Test
  void shouldKeepTheImageSizesWhenATaskIsReprocessed() {
    TaskState done = fold(concat(WAITING, new ImagesMeasured(List.of(new ImageSize(0, 640, 480))),
        new TaskReprocessRequested("again")));

    assertThat(done.imageSizes()).containsExactly(new ImageSize(0, 640, 480));
  }

  private void assertRejectedSize(List<TaskEvent> given, List<ImageSize> sizes, String field) {
    assertInvalid(given, new FinishOperatorSession("s-1", List.of(), sizes), field);
  }

  @Test
  void shouldRecordTheRecipeRunATaskIsInAndKeepItUntilTheNextRun() {
    TaskEvent.RecipeRunStarted first = new TaskEvent.RecipeRunStarted("product-detection", 3, 2251799813685249L,
        "TaskCreatedStartEvent");

    assertThat(when(List.of(CREATED), new TaskCommand.RecordRecipeRun("product-detection", 3, 2251799813685249L,
        "TaskCreatedStartEvent"))).containsExactly(first);
    List<TaskEvent> done = concat(List.of(CREATED, first), new DetectionRequested("beverages", null),
        new TaskEvent.ModelNotFound("beverages"));
    assertThat(fold(done).recipe()).isEqualTo(first);
    TaskEvent.RecipeRunStarted second = new TaskEvent.RecipeRunStarted("product-detection", 4, 2251799813685300L,
        "OperatorChecksTask");
    assertThat(fold(concat(done, second)).recipe()).isEqualTo(second);
  }

  @Test
  void shouldRefuseToRecordARecipeRunOrAnIncidentOfAnUnknownTask() {
    assertThatThrownBy(() -> when(List.of(), new TaskCommand.RecordRecipeRun("product-detection", 1, 1L, "x")))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> when(List.of(), new TaskCommand.RaiseIncident("detect-objects", "DetectObjectsTask", 7L,
        "boom")))
        .isInstanceOf(TaskRejected.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldOpenAnIncidentOnceAndCloseItWithTheTasksNextEventButNotWithAnOperatorStepsTimers() {
    TaskCommand.RaiseIncident raise = new TaskCommand.RaiseIncident("detect-objects", "DetectObjectsTask", 7L,
        "java.io.IOException: connection refused");
    TaskEvent.IncidentRaised raised = new TaskEvent.IncidentRaised("detect-objects", "DetectObjectsTask", 7L,
        "java.io.IOException: connection refused");
    List<TaskEvent> requested = List.of(CREATED, new DetectionRequested("beverages", MODEL));

    assertThat(when(requested, raise)).containsExactly(raised);
    List<TaskEvent> stuck = concat(requested, raised);
    assertThat(fold(stuck).incident()).isEqualTo(raised);
    assertThat(when(stuck, raise)).as("the same incident, still open").isEmpty();
    assertThat(fold(concat(stuck, new TaskEvent.ObjectsDetected(MODEL, List.of()))).incident()).isNull();
    assertThat(fold(concat(stuck, new TaskEvent.TaskCancelled("gave up"))).incident()).isNull();
    List<TaskEvent> stuckWithOperator = concat(WAITING, new OperatorAssigned("ayse", "s-1"),
        new TaskEvent.IncidentRaised("operator-task", "OperatorAnnotatesTask", 9L, "boom"));
    assertThat(fold(concat(stuckWithOperator, new TaskEvent.TaskEscalated(1),
        new TaskEvent.OperatorReleased("ayse", "s-1", "IDLE"))).incident()).isNotNull();
  }

  private static List<TaskEvent> when(List<TaskEvent> given, TaskCommand command) {
    return Task.decide(command, fold(given));
  }

  private static TaskState fold(List<TaskEvent> events) {
    TaskState state = TaskState.initial(TASK_ID);
    for (TaskEvent event : events) {
      state = Task.evolve(state, event);
    }
    return state;
  }

  private static List<TaskEvent> concat(List<TaskEvent> first, TaskEvent... more) {
    return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(more)).toList();
  }
}
