package dev.loupe.recipes;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per path of the price-tag-reading recipe, including the operator ⇄ servers correction loop. The paths
 * every recipe has (SLA and idle claims of the drawing and the check, cancellation, incidents, detection stopped)
 * come from {@link RecipeProcessTest}.
 */
class PriceTagReadingProcessTest extends RecipeProcessTest {

  PriceTagReadingProcessTest() {
    super(Recipes.PRICE_TAG_READING, "DetectTagsTask",
        new OperatorStep("OperatorDrawsTagsTask", "DrawingSlaTimer", "EscalateDrawingTask", "DrawingEscalatedEndEvent",
            "DrawingIdleTimer", "ReleaseIdleDrawingClaimTask", "DrawingIdleCheckedEndEvent", "DrawnImageUsableGateway"),
        new OperatorStep("OperatorChecksTagsTask", "CheckSlaTimer", "EscalateCheckTask", "CheckEscalatedEndEvent",
            "CheckIdleTimer", "ReleaseIdleCheckClaimTask", "CheckIdleCheckedEndEvent", "CheckedImageUsableGateway"));
  }

  @Override
  void playUntilAnOperatorChecks() throws Exception {
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
  }

  @Override
  void playFromAssistanceToTheResult() throws Exception {
    driver.completeJob(JobTypes.READ_TAGS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", false));
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
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
}
