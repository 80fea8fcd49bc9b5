package dev.loupe.recipes;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per path of the product-detection recipe; workers are played by the test. The paths every recipe has
 * (SLA and idle claims of the annotation and the check, cancellation, incidents, detection stopped) come from
 * {@link RecipeProcessTest}.
 */
class ProductDetectionProcessTest extends RecipeProcessTest {

  ProductDetectionProcessTest() {
    super(Recipes.PRODUCT_DETECTION, "DetectObjectsTask",
        new OperatorStep("OperatorAnnotatesTask", "AnnotationSlaTimer", "EscalateAnnotationTask",
            "AnnotationEscalatedEndEvent", "AnnotationIdleTimer", "ReleaseIdleAnnotationClaimTask",
            "AnnotationIdleCheckedEndEvent", "AnnotatedImageUsableGateway"),
        new OperatorStep("OperatorChecksTask", "CheckSlaTimer", "EscalateCheckTask", "CheckEscalatedEndEvent",
            "CheckIdleTimer", "ReleaseIdleCheckClaimTask", "CheckIdleCheckedEndEvent", "CheckedImageUsableGateway"));
  }

  @Override
  void playUntilAnOperatorChecks() throws Exception {
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
  }

  @Override
  void playFromAssistanceToTheResult() throws Exception {
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
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
        .hasNotPassedElement("SuggestClassesTask")
        .hasNotPassedElement("RequestAssistanceTask")
        .isCompleted();
  }

  @Test
  void shouldHaveOperatorCheckModelsResultAndScoreTheModelWithoutSuggestionsWhenNoClassifierIsRegistered()
      throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    // when
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true,
        JobTypes.SUGGEST_CLASSES_VARIABLE, false));
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
            "ClassifierGateway", "SuggestionsJoinGateway", "RequestQualityCheckTask", "OperatorChecksTask",
            "EvaluateAutomaticResultTask", "ResultJoinGateway", "GenerateResultTask", "ReportResultTask",
            "TaskReportedEndEvent")
        .hasNotPassedElement("SuggestClassesTask")
        .isCompleted();
  }

  @Test
  void shouldHaveTheClassifierSuggestClassesBeforeAnOperatorChecksWhenOneIsRegistered() throws Exception {
    // given: detection found objects of a class group with a classifier
    ProcessInstanceAssert instance = driver.start(Recipes.PRODUCT_DETECTION);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    driver.completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    // when: the result is to be checked
    driver.completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true,
        JobTypes.SUGGEST_CLASSES_VARIABLE, true));
    driver.waitForIdle();
    instance.isWaitingAtElements("SuggestClassesTask");
    driver.completeJob(JobTypes.SUGGEST_CLASSES, Map.of());
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();

    // then: the suggestions are made before the check is requested, and the run goes on as without them
    instance.isWaitingAtElements("OperatorChecksTask")
        .hasPassedElementsInOrder("DecideQualityCheckTask", "QualityCheckGateway", "ClassifierGateway",
            "SuggestClassesTask", "SuggestionsJoinGateway", "RequestQualityCheckTask");
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.completeJob(JobTypes.EVALUATE_AUTOMATIC_RESULT, Map.of());
    driver.completeJob(JobTypes.GENERATE_RESULT, Map.of());
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();
    instance.isCompleted();
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
