package dev.loupe.recipes;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per path of the price-tag-reading recipe, including the operator ⇄ servers correction loop. */
@ZeebeProcessTest
class PriceTagReadingProcessTest {

  private static final String TASK_ID = "5f0c6f7e-0000-4000-8000-000000000002";

  private ZeebeTestEngine engine;
  private ZeebeClient client;
  private RecipeDriver driver;

  @BeforeEach
  void deployRecipe() {
    client.newDeployResourceCommand().addResourceFromClasspath("recipes/price-tag-reading.bpmn").send().join();
    driver = new RecipeDriver(engine, client, TASK_ID);
  }

  @Test
  void shouldReportReadingsWithoutOperatorWhenDetectorAndRecogniserAreSure() throws Exception {
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);

    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", false));
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();

    instance
        .hasPassedElementsInOrder("ResolveModelTask", "ModelFoundGateway", "DetectTagsTask", "TagsToReadJoinGateway",
            "ReadTagsTask", "DecideReadingCheckTask", "ReadingCheckGateway", "GenerateResultTask", "ReportResultTask", "TaskReportedEndEvent")
        .hasNotPassedElement("OperatorChecksTagsTask")
        .isCompleted();
  }

  @Test
  void shouldReadOnlyCorrectedTagsAgainAfterAnOperatorCheck() throws Exception {
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    ActivatedJob check = driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.completeJob(JobTypes.EVALUATE_AUTOMATIC_RESULT, Map.of());
    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", false));
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();

    assertThat(check.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "QUALITY_CHECK");
    instance
        .hasPassedElementsInOrder("DetectTagsTask", "RequestReadingCheckTask", "OperatorChecksTagsTask",
            "EvaluateCheckTask", "GenerateResultTask", "TaskReportedEndEvent")
        .hasPassedElement("ReadTagsTask", 2)
        .hasPassedElement("DecideReadingCheckTask", 2)
        .hasPassedElement("TagsToReadJoinGateway", 2)
        .isCompleted();
  }

  @Test
  void shouldPingPongBetweenOperatorAndServersUntilTheReadingsAreSure() throws Exception {
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    for (int round = 0; round < 2; round++) {
      driver.completeJob(JobTypes.READ_TAGS, Map.of());
      driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
      driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
      driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
      driver.completeJob(JobTypes.EVALUATE_AUTOMATIC_RESULT, Map.of());
    }
    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", false));
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();

    instance
        .hasPassedElement("ReadTagsTask", 3)
        .hasPassedElement("OperatorChecksTagsTask", 2)
        .hasPassedElement("EvaluateCheckTask", 2)
        .isCompleted();
  }

  @Test
  void shouldHaveServersReadTagsAnOperatorDrewWhenNoDetectorExists() throws Exception {
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);

    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    ActivatedJob assistance = driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", false));
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();

    assertThat(assistance.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "MODEL_NOT_FOUND");
    instance
        .hasPassedElementsInOrder("ModelFoundGateway", "RequestAssistanceTask", "OperatorDrawsTagsTask",
            "TagsToReadJoinGateway", "ReadTagsTask", "DecideReadingCheckTask", "GenerateResultTask",
            "TaskReportedEndEvent")
        .hasNotPassedElement("DetectTagsTask")
        .hasNotPassedElement("EvaluateCheckTask")
        .isCompleted();
  }

  @Test
  void shouldEndWhenTheTaskIsCancelledDuringACheck() throws Exception {
    ProcessInstanceAssert instance = waitingForACheck();
    driver.publishCancellation();

    instance.hasPassedElement("TaskCancelledEndEvent").hasNotPassedElement("GenerateResultTask")
        .isCompleted();
  }

  @Test
  void shouldSendTheTaskToAnOperatorWhenTheServerDoesNotServeTheModel() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.throwError(JobTypes.DETECT_OBJECTS, JobTypes.MODEL_NOT_FOUND_ERROR, "model gone/1 failed: NOT_FOUND");

    // then
    instance
        .hasPassedElement("ModelNotServedBoundaryEvent")
        .hasNotPassedElement("DetectTagsTask")
        .isWaitingAtElements("RequestAssistanceTask");
  }

  @Test
  void shouldReportTheRejectionWhenAnImageCannotBeUsedForDetection() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.throwError(JobTypes.DETECT_OBJECTS, JobTypes.IMAGE_UNUSABLE_ERROR, "image 0 answered HTTP 410");
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());

    // then
    instance
        .hasPassedElementsInOrder("ImageUnusableBoundaryEvent", "ReportRejectionTask", "TaskRejectedEndEvent")
        .hasNotPassedElement("ReadTagsTask")
        .isCompleted();
  }

  @Test
  void shouldReportTheRejectionWhenAnImageCannotBeFetchedAgainForReading() throws Exception {
    // given: the tags were detected, then the image's signed URL expired
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    // when
    driver.throwError(JobTypes.READ_TAGS, JobTypes.IMAGE_UNUSABLE_ERROR, "image 0 answered HTTP 403");
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());

    // then
    instance
        .hasPassedElementsInOrder("DetectTagsTask", "ReadImageUnusableBoundaryEvent", "ReportRejectionTask",
            "TaskRejectedEndEvent")
        .hasNotPassedElement("ReadTagsTask")
        .hasNotPassedElement("GenerateResultTask")
        .isCompleted();
  }

  @Test
  void shouldEscalateDrawingThatOutlivesItsSlaAndKeepWaiting() throws Exception {
    // given: no detector, the task waits for an operator to draw the tags
    ProcessInstanceAssert instance = waitingForADrawing();

    // when
    driver.passTime(Duration.ofMinutes(31));
    driver.completeJob(JobTypes.ESCALATE_TASK, Map.of());
    driver.waitForIdle();

    // then
    instance
        .hasPassedElementsInOrder("DrawingSlaTimer", "EscalateDrawingTask", "DrawingEscalatedEndEvent")
        .isWaitingAtElements("OperatorDrawsTagsTask");
  }

  @Test
  void shouldEscalateACheckThatOutlivesItsSla() throws Exception {
    // given: an operator has to check the readings
    ProcessInstanceAssert instance = waitingForACheck();

    // when
    driver.passTime(Duration.ofMinutes(31));
    driver.completeJob(JobTypes.ESCALATE_TASK, Map.of());
    driver.waitForIdle();

    // then
    instance
        .hasPassedElementsInOrder("CheckSlaTimer", "EscalateCheckTask", "CheckEscalatedEndEvent")
        .isWaitingAtElements("OperatorChecksTagsTask");
  }

  @Test
  void shouldCheckForIdleClaimEveryIntervalWhileAnOperatorChecks() throws Exception {
    // given
    ProcessInstanceAssert instance = waitingForACheck();

    // when: two intervals pass
    driver.passTime(Duration.ofMinutes(1));
    driver.completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    driver.passTime(Duration.ofMinutes(1));
    driver.completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    driver.waitForIdle();

    // then: checked twice, the check still open
    instance.hasPassedElement("ReleaseIdleCheckClaimTask", 2)
        .isWaitingAtElements("OperatorChecksTagsTask");
  }

  @Test
  void shouldCheckForIdleClaimWhileAnOperatorDraws() throws Exception {
    // given
    ProcessInstanceAssert instance = waitingForADrawing();

    // when
    driver.passTime(Duration.ofMinutes(1));
    driver.completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    driver.waitForIdle();

    // then
    instance.hasPassedElementsInOrder("DrawingIdleTimer", "ReleaseIdleDrawingClaimTask", "DrawingIdleCheckedEndEvent")
        .isWaitingAtElements("OperatorDrawsTagsTask");
  }

  /** A task whose readings an operator has to check. */
  private ProcessInstanceAssert waitingForACheck() throws Exception {
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();
    return instance;
  }

  /** A task with no detector, waiting for an operator to draw its tags. */
  private ProcessInstanceAssert waitingForADrawing() throws Exception {
    ProcessInstanceAssert instance = driver.start(Recipes.PRICE_TAG_READING);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();
    return instance;
  }
}
