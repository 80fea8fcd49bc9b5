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

/** One test per path of the product-detection recipe; workers are played by the test. */
@ZeebeProcessTest
class ProductDetectionProcessTest {

  private static final String TASK_ID = "5f0c6f7e-0000-4000-8000-000000000001";

  private ZeebeTestEngine engine;
  private ZeebeClient client;
  private RecipeDriver driver;

  @BeforeEach
  void deployRecipe() {
    client.newDeployResourceCommand().addResourceFromClasspath("recipes/product-detection.bpmn").send().join();
    driver = new RecipeDriver(engine, client, TASK_ID);
  }

  @Test
  void shouldReportResultAfterOperatorAnnotatesWhenNoModelExists() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);

    // when
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    ActivatedJob assistance = driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();
    instance.isWaitingAtElements("OperatorAnnotatesTask");
    ActivatedJob operatorTask = driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();

    // then
    assertThat(assistance.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "MODEL_NOT_FOUND");
    assertThat(operatorTask.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"operators\"]");
    instance
        .hasPassedElementsInOrder("TaskCreatedStartEvent", "ResolveModelTask", "ModelFoundGateway",
            "RequestAssistanceTask", "OperatorAnnotatesTask", "ResultJoinGateway", "GenerateResultTask",
            "ReportResultTask", "TaskReportedEndEvent")
        .hasNotPassedElement("DetectObjectsTask")
        .isCompleted();
  }

  @Test
  void shouldReportModelsResultWithoutOperatorWhenConfident() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);

    // when
    passConfidently(driver);

    // then
    instance
        .hasPassedElementsInOrder("ResolveModelTask", "ModelFoundGateway", "DetectObjectsTask",
            "DecideQualityCheckTask", "QualityCheckGateway", "ResultJoinGateway", "GenerateResultTask",
            "ReportResultTask", "TaskReportedEndEvent")
        .hasNotPassedElement("OperatorChecksTask")
        .hasNotPassedElement("RequestAssistanceTask")
        .isCompleted();
  }

  @Test
  void shouldHaveOperatorCheckModelsResultAndScoreTheModel() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    // when
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    ActivatedJob qualityCheck = driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();
    instance.isWaitingAtElements("OperatorChecksTask");
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.completeJob(JobTypes.EVALUATE_AUTOMATIC_RESULT, Map.of());
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();

    // then
    assertThat(qualityCheck.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "QUALITY_CHECK");
    instance
        .hasPassedElementsInOrder("DetectObjectsTask", "DecideQualityCheckTask", "QualityCheckGateway",
            "RequestQualityCheckTask", "OperatorChecksTask", "EvaluateAutomaticResultTask", "ResultJoinGateway",
            "GenerateResultTask", "ReportResultTask", "TaskReportedEndEvent")
        .isCompleted();
  }

  @Test
  void shouldSendNewTasksTheAutomaticWayOnceAModelIsRegisteredWhileEarlierOnesStayWithOperators()
      throws Exception {
    // given: a task of a class group without a model waits for an operator
    ProcessInstanceAssert before = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();

    // when: a model is registered, and the next task of the class group resolves it
    RecipeDriver next = new RecipeDriver(engine, client, "5f0c6f7e-0000-4000-8000-00000000000a");
    ProcessInstanceAssert after = next.start(Recipes.PRODUCT_DETECTION);
    passConfidently(next);

    // then
    after.hasPassedElementsInOrder("ModelFoundGateway", "DetectObjectsTask", "GenerateResultTask",
            "TaskReportedEndEvent")
        .hasNotPassedElement("OperatorAnnotatesTask")
        .isCompleted();
    before.isWaitingAtElements("OperatorAnnotatesTask").hasNotPassedElement("DetectObjectsTask");
  }

  @Test
  void shouldEscalateAnnotationThatOutlivesItsSlaAndKeepWaiting() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();

    // when
    driver.passTime(Duration.ofMinutes(31));
    driver.completeJob(JobTypes.ESCALATE_TASK, Map.of());
    driver.waitForIdle();

    // then
    instance
        .hasPassedElementsInOrder("AnnotationSlaTimer", "EscalateAnnotationTask", "AnnotationEscalatedEndEvent")
        .isWaitingAtElements("OperatorAnnotatesTask")
        .isActive();
  }

  @Test
  void shouldCheckForIdleClaimEveryIntervalWhileAnOperatorWorks() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();

    // when: two intervals pass
    driver.passTime(Duration.ofMinutes(1));
    driver.completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    driver.passTime(Duration.ofMinutes(1));
    driver.completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    driver.waitForIdle();

    // then: checked twice, the operator step still open, then it completes as usual
    instance.hasPassedElement("ReleaseIdleAnnotationClaimTask", 2)
        .isWaitingAtElements("OperatorAnnotatesTask");
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();
    instance.isCompleted();
  }

  @Test
  void shouldEscalateACheckThatOutlivesItsSla() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();

    // when
    driver.passTime(Duration.ofMinutes(31));
    driver.completeJob(JobTypes.ESCALATE_TASK, Map.of());
    driver.waitForIdle();

    // then
    instance
        .hasPassedElementsInOrder("CheckSlaTimer", "EscalateCheckTask", "CheckEscalatedEndEvent")
        .isWaitingAtElements("OperatorChecksTask");
  }

  @Test
  void shouldEndTheRecipeWhereverItIsWhenTheTaskIsCancelled() throws Exception {
    // given: a task waiting for an operator
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();

    // when
    driver.publishCancellation();

    // then
    instance
        .hasPassedElementsInOrder("TaskCancelledStartEvent", "TaskCancelledEndEvent")
        .hasNotPassedElement("OperatorAnnotatesTask")
        .isCompleted();
  }

  @Test
  void shouldRaiseIncidentAtDetectObjectsWhenTheModelCannotRun() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.failJob(JobTypes.DETECT_OBJECTS, "model shelf/3 failed: UNAVAILABLE");

    // then
    instance
        .isWaitingAtElements("DetectObjectsTask")
        .extractingLatestIncident()
        .hasErrorMessage("model shelf/3 failed: UNAVAILABLE");
  }

  @Test
  void shouldRaiseIncidentAtReportResultWhenCallbackDeliveryKeepsFailing() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());

    // when
    ActivatedJob delivery = driver.failJob(JobTypes.REPORT_RESULT, "callback answered 503");

    // then
    assertThat(delivery.getRetries()).isEqualTo(5);
    instance
        .isWaitingAtElements("ReportResultTask")
        .hasAnyIncidents()
        .extractingLatestIncident()
        .hasErrorMessage("callback answered 503");
  }

  @Test
  void shouldSendTheTaskToAnOperatorWhenTheServerDoesNotServeTheModel() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.throwError(JobTypes.DETECT_OBJECTS, JobTypes.MODEL_NOT_FOUND_ERROR, "model gone/1 failed: NOT_FOUND");

    // then
    instance
        .hasPassedElement("ModelNotServedBoundaryEvent")
        .hasNotPassedElement("DetectObjectsTask")
        .isWaitingAtElements("RequestAssistanceTask");
  }

  @Test
  void shouldReportTheRejectionWhenAnImageCannotBeUsed() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.throwError(JobTypes.DETECT_OBJECTS, JobTypes.IMAGE_UNUSABLE_ERROR, "image 0 answered HTTP 404");
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());

    // then
    instance
        .hasPassedElementsInOrder("ImageUnusableBoundaryEvent", "ReportRejectionTask", "TaskRejectedEndEvent")
        .hasNotPassedElement("DetectObjectsTask")
        .hasNotPassedElement("DecideQualityCheckTask")
        .hasNotPassedElement("GenerateResultTask")
        .isCompleted();
  }

  @Test
  void shouldStartOneInstanceWhenTheSameRunIsStartedTwice() throws Exception {
    // given: a client's retry, or the sweep of stalled tasks, starts the same run again
    ProcessInstanceAssert first = driver.start(Recipes.PRODUCT_DETECTION);

    // when
    driver.publishStart(Recipes.PRODUCT_DETECTION);
    driver.waitForIdle();

    // then: one job, of the one instance
    first.isActive();
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    assertThat(client.newActivateJobsCommand().jobType(JobTypes.RESOLVE_MODEL).maxJobsToActivate(5).send().join()
        .getJobs()).isEmpty();
  }

  /** Plays the workers of a task whose model is found and sure: detection, no check, result, report. */
  private static void passConfidently(RecipeDriver task) throws Exception {
    task.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    task.completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    task.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", false));
    task.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    task.completeJob(JobTypes.REPORT_RESULT, Map.of());
    task.waitForIdle();
  }
}
