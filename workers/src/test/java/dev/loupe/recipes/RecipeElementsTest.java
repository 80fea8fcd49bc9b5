package dev.loupe.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.recipes.RecipeElements.Run;
import dev.loupe.recipes.RecipeElements.Step;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ClassGroup.ObjectClass;
import dev.loupe.task.ModelRef;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.ClassesSuggested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.IncidentRaised;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.RecipeRunStarted;
import dev.loupe.task.TaskEvent.TagsRead;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskResentToOperator;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Given a task's events, the runs of its recipe and the elements each reached. */
class RecipeElementsTest {

  private static final String TASK_ID = "t-1";
  private static final ModelRef MODEL = new ModelRef("shelf_detector", "3");
  private static final TaskCreated CREATED = new TaskCreated(TASK_ID, "product-detection",
      new ClassGroup("beverages", List.of(new ObjectClass("cola", "Cola"))), List.of(URI.create("http://img/1.jpg")),
      URI.create("http://client/callback"), "acme");
  private static final RecipeRunStarted FROM_START =
      new RecipeRunStarted("product-detection", 2, 41, RecipeElements.START_EVENT);

  @Test
  void shouldFollowAnAutomaticRunToTheReportedEndEvent() {
    List<Run> runs = RecipeElements.runs(TASK_ID, steps(CREATED, FROM_START, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of()), new QualityCheckDecided(false, null),
        new TaskResultGenerated(List.of(), List.of()), new TaskReported(URI.create("http://client/callback"), 200)));

    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run.recipe()).isEqualTo(FROM_START);
      assertThat(run.elements()).containsExactly("TaskCreatedStartEvent", "DetectObjectsTask",
          "DecideQualityCheckTask", "GenerateResultTask", "ReportResultTask", "TaskReportedEndEvent");
      assertThat(run.at()).isNull();
      assertThat(run.incident()).isNull();
    });
  }

  @Test
  void shouldPlaceATaskWaitingForAnOperatorAtTheOperatorsStep() {
    List<Run> runs = RecipeElements.runs(TASK_ID, steps(CREATED, FROM_START, new DetectionRequested("beverages", null),
        new ModelNotFound("beverages"), new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND),
        new OperatorAssigned("olga", "s-1")));

    assertThat(runs.getLast().elements()).containsExactly("TaskCreatedStartEvent", "RequestAssistanceTask",
        "OperatorAnnotatesTask");
    assertThat(runs.getLast().at()).isEqualTo("OperatorAnnotatesTask");
  }

  @Test
  void shouldKeepTheOpenIncidentsElementWhereTheTaskWaits() {
    List<Run> runs = RecipeElements.runs(TASK_ID, steps(CREATED, FROM_START, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of()), new QualityCheckDecided(false, null),
        new TaskResultGenerated(List.of(), List.of()),
        new IncidentRaised("loupe.report-result", "ReportResultTask", 7, "callback refused")));

    assertThat(runs.getLast().at()).isEqualTo("ReportResultTask");
    assertThat(runs.getLast().incident()).isEqualTo("ReportResultTask");
  }

  @Test
  void shouldStartANewRunWhereItsRecordSaysAndEndTheOneBefore() {
    RecipeRunStarted resent = new RecipeRunStarted("product-detection", 3, 77, "OperatorChecksTask");
    List<Run> runs = RecipeElements.runs(TASK_ID, steps(CREATED, FROM_START, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of()), new QualityCheckDecided(false, null),
        new TaskResultGenerated(List.of(), List.of()), new TaskReported(URI.create("http://client/callback"), 200),
        new TaskResentToOperator("checked again"), resent, new AssistanceRequested(AssistanceReason.QUALITY_CHECK),
        new OperatorAssigned("olga", "s-2"), new OperatorFinished("olga", "s-2")));

    assertThat(runs).hasSize(2);
    assertThat(runs.getFirst().elements()).endsWith("TaskReportedEndEvent");
    assertThat(runs.getFirst().at()).isNull();
    assertThat(runs.getLast().recipe()).isEqualTo(resent);
    assertThat(runs.getLast().elements()).containsExactly("OperatorChecksTask", "EvaluateAutomaticResultTask");
    assertThat(runs.getLast().at()).isEqualTo("EvaluateAutomaticResultTask");
  }

  @Test
  void shouldFollowAPriceTagReadingRunThroughDetectingAndReadingTags() {
    TaskCreated created = new TaskCreated(TASK_ID, "price-tag-reading", CREATED.classGroup(), CREATED.images(),
        CREATED.callbackUrl(), "acme");
    RecipeRunStarted run = new RecipeRunStarted("price-tag-reading", 1, 42, RecipeElements.START_EVENT);
    List<Run> runs = RecipeElements.runs(TASK_ID, steps(created, run, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of()), new TagsRead(MODEL, List.of()), new QualityCheckDecided(true, "UNSURE"),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK)));

    assertThat(runs.getLast().elements()).containsExactly("TaskCreatedStartEvent", "DetectTagsTask", "ReadTagsTask",
        "RequestReadingCheckTask", "OperatorChecksTagsTask");
    assertThat(runs.getLast().at()).isEqualTo("OperatorChecksTagsTask");
    assertThat(runs.getLast().elements()).allSatisfy(element -> assertThat(elementsOf("price-tag-reading"))
        .as("%s in the shipped price-tag-reading recipe", element).contains(element));
  }

  @Test
  void shouldPlaceTheClassifiersSuggestionsBetweenTheDecisionForACheckAndItsRequest() {
    ModelRef classifier = new ModelRef("classifier-beverages", "2");
    List<TaskEvent> suggested = List.of(CREATED, FROM_START, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of()), new QualityCheckDecided(true, "LOW_CONFIDENCE"),
        new ClassesSuggested(classifier, List.of()));

    List<Run> waiting = RecipeElements.runs(TASK_ID, steps(suggested.toArray(TaskEvent[]::new)));
    List<TaskEvent> checked = new ArrayList<>(suggested);
    checked.add(new AssistanceRequested(AssistanceReason.QUALITY_CHECK));
    List<Run> runs = RecipeElements.runs(TASK_ID, steps(checked.toArray(TaskEvent[]::new)));

    assertThat(waiting.getLast().at()).isEqualTo("RequestQualityCheckTask");
    assertThat(runs.getLast().elements()).containsExactly("TaskCreatedStartEvent", "DetectObjectsTask",
        "DecideQualityCheckTask", "SuggestClassesTask", "RequestQualityCheckTask", "OperatorChecksTask")
        .allSatisfy(element -> assertThat(elementsOf("product-detection"))
            .as("%s in the shipped product-detection recipe", element).contains(element));
  }

  @Test
  void shouldNameOnlyElementsTheShippedProductDetectionRecipeHas() {
    List<Run> runs = RecipeElements.runs(TASK_ID, steps(CREATED, FROM_START, new DetectionRequested("beverages", MODEL),
        new ObjectsDetected(MODEL, List.of()), new QualityCheckDecided(true, "LOW_CONFIDENCE"),
        new AssistanceRequested(AssistanceReason.QUALITY_CHECK), new OperatorAssigned("olga", "s-1"),
        new OperatorFinished("olga", "s-1"), new TaskResultGenerated(List.of(), List.of()),
        new TaskReported(URI.create("http://client/callback"), 200)));

    assertThat(runs.getLast().elements()).contains("OperatorChecksTask", "EvaluateAutomaticResultTask")
        .allSatisfy(element -> assertThat(elementsOf("product-detection"))
            .as("%s in the shipped product-detection recipe", element).contains(element));
  }

  @Test
  void shouldFindNoRunForATaskFromBeforeRunsWereRecorded() {
    assertThat(RecipeElements.runs(TASK_ID, steps(CREATED, new DetectionRequested("beverages", null)))).isEmpty();
  }

  /** The ids of the shipped recipe's elements (the bpmn module's classpath resource). */
  private static Set<String> elementsOf(String recipe) {
    try (InputStream bpmn = RecipeElementsTest.class.getResourceAsStream("/recipes/" + recipe + ".bpmn")) {
      return Bpmn.readModelFromStream(bpmn).getModelElementsByType(FlowNode.class).stream()
          .map(FlowNode::getId)
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Step> steps(TaskEvent... events) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      steps.add(new Step(events[i], i, Instant.parse("2026-12-03T10:00:00Z").plusSeconds(i)));
    }
    return steps;
  }
}
