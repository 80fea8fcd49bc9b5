package dev.loupe.recipes;

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

/**
 * The paths every recipe has, run once per recipe by that recipe's process test: an operator step's SLA and
 * idle-claim timers, cancellation, incidents, detection stopped by a model the server does not serve or an image
 * that cannot be used, and an operator who finds an image unusable. Each recipe names its own elements and plays the workers between them.
 */
@ZeebeProcessTest
abstract class RecipeProcessTest {

  static final String TASK_ID = "5f0c6f7e-0000-4000-8000-000000000001";

  /**
   * A user task an operator works at, with its SLA and idle-claim timers and the elements each one starts, and the
   * gateway after it that rejects the task when the operator found an image unusable.
   */
  record OperatorStep(String userTask, String slaTimer, String escalateTask, String escalatedEnd, String idleTimer,
      String releaseIdleClaimTask, String idleCheckedEnd, String imageUsableGateway) {}

  ZeebeTestEngine engine;
  ZeebeClient client;
  RecipeDriver driver;

  private final String recipe;
  private final String detectionTask;
  private final OperatorStep assistance;
  private final OperatorStep check;

  /**
   * @param recipe the process id, also the recipe's file name under {@code recipes/}
   * @param detectionTask the element that runs the detector
   * @param assistance where an operator works when the class group has no model
   * @param check where an operator checks the servers' result
   */
  RecipeProcessTest(String recipe, String detectionTask, OperatorStep assistance, OperatorStep check) {
    this.recipe = recipe;
    this.detectionTask = detectionTask;
    this.assistance = assistance;
    this.check = check;
  }

  /** Plays the workers of a started task whose model is found until an operator has to check its result. */
  abstract void playUntilAnOperatorChecks() throws Exception;

  /** Plays the workers after an operator assisted, until the result is generated and waits to be reported. */
  abstract void playFromAssistanceToTheResult() throws Exception;

  @BeforeEach
  void deployRecipe() {
    client.newDeployResourceCommand().addResourceFromClasspath("recipes/" + recipe + ".bpmn").send().join();
    driver = new RecipeDriver(engine, client, TASK_ID);
  }

  @Test
  void shouldEscalateAssistanceThatOutlivesItsSlaAndKeepWaiting() throws Exception {
    escalatesAfterItsSlaAndKeepsWaiting(waitingForAssistance(), assistance);
  }

  @Test
  void shouldEscalateACheckThatOutlivesItsSlaAndKeepWaiting() throws Exception {
    escalatesAfterItsSlaAndKeepsWaiting(waitingForACheck(), check);
  }

  @Test
  void shouldCheckForIdleClaimEveryIntervalWhileAnOperatorAssists() throws Exception {
    // given
    ProcessInstanceAssert instance = waitingForAssistance();

    // when
    checksForIdleClaimEveryInterval(instance, assistance);

    // then: the operator's step completes as usual
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    playFromAssistanceToTheResult();
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();
    instance.isCompleted();
  }

  @Test
  void shouldCheckForIdleClaimEveryIntervalWhileAnOperatorChecks() throws Exception {
    // given
    ProcessInstanceAssert instance = waitingForACheck();

    // when
    checksForIdleClaimEveryInterval(instance, check);

    // then: the operator's step completes as usual
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    driver.waitForIdle();
    instance.hasPassedElement(check.userTask());
  }

  @Test
  void shouldEndTheRecipeWhenTheTaskIsCancelledWhileAnOperatorAssists() throws Exception {
    endsWhenTheTaskIsCancelled(waitingForAssistance(), assistance);
  }

  @Test
  void shouldEndTheRecipeWhenTheTaskIsCancelledDuringACheck() throws Exception {
    endsWhenTheTaskIsCancelled(waitingForACheck(), check);
  }

  @Test
  void shouldRaiseIncidentAtDetectionWhenTheModelCannotRun() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(recipe);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.failJob(JobTypes.DETECT_OBJECTS, "model shelf/3 failed: UNAVAILABLE");

    // then
    instance
        .isWaitingAtElements(detectionTask)
        .extractingLatestIncident()
        .hasErrorMessage("model shelf/3 failed: UNAVAILABLE");
  }

  @Test
  void shouldRaiseIncidentAtReportResultWhenCallbackDeliveryKeepsFailing() throws Exception {
    // given
    ProcessInstanceAssert instance = waitingForAssistance();
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of());
    playFromAssistanceToTheResult();

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
    ProcessInstanceAssert instance = driver.start(recipe);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.throwError(JobTypes.DETECT_OBJECTS, JobTypes.MODEL_NOT_FOUND_ERROR, "model gone/1 failed: NOT_FOUND");

    // then
    instance
        .hasPassedElement("ModelNotServedBoundaryEvent")
        .hasNotPassedElement(detectionTask)
        .isWaitingAtElements("RequestAssistanceTask");
  }

  @Test
  void shouldReportTheRejectionWhenAnImageCannotBeUsedForDetection() throws Exception {
    // given
    ProcessInstanceAssert instance = driver.start(recipe);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    driver.throwError(JobTypes.DETECT_OBJECTS, JobTypes.IMAGE_UNUSABLE_ERROR, "image 0 answered HTTP 404");
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());

    // then
    instance
        .hasPassedElementsInOrder("ImageUnusableBoundaryEvent", "ReportRejectionTask", "TaskRejectedEndEvent")
        .hasNotPassedElement(detectionTask)
        .hasNotPassedElement("GenerateResultTask")
        .isCompleted();
  }

  @Test
  void shouldReportTheRejectionWhenTheAssistingOperatorFindsAnImageUnusable() throws Exception {
    reportsTheRejectionWhenTheOperatorFindsAnImageUnusable(waitingForAssistance(), assistance);
  }

  @Test
  void shouldReportTheRejectionWhenTheCheckingOperatorFindsAnImageUnusable() throws Exception {
    reportsTheRejectionWhenTheOperatorFindsAnImageUnusable(waitingForACheck(), check);
  }

  /** A task with no model, waiting for an operator's assistance. */
  ProcessInstanceAssert waitingForAssistance() throws Exception {
    ProcessInstanceAssert instance = driver.start(recipe);
    driver.completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    driver.completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    driver.waitForIdle();
    return instance;
  }

  /** A task whose result an operator has to check. */
  ProcessInstanceAssert waitingForACheck() throws Exception {
    ProcessInstanceAssert instance = driver.start(recipe);
    playUntilAnOperatorChecks();
    driver.waitForIdle();
    return instance;
  }

  private void escalatesAfterItsSlaAndKeepsWaiting(ProcessInstanceAssert instance, OperatorStep step)
      throws Exception {
    // when
    driver.passTime(Duration.ofMinutes(31));
    driver.completeJob(JobTypes.ESCALATE_TASK, Map.of());
    driver.waitForIdle();

    // then
    instance
        .hasPassedElementsInOrder(step.slaTimer(), step.escalateTask(), step.escalatedEnd())
        .isWaitingAtElements(step.userTask())
        .isActive();
  }

  /** Two intervals pass: the claim is checked twice, and the operator's step stays open. */
  private void checksForIdleClaimEveryInterval(ProcessInstanceAssert instance, OperatorStep step)
      throws Exception {
    driver.passTime(Duration.ofMinutes(1));
    driver.completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    driver.passTime(Duration.ofMinutes(1));
    driver.completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    driver.waitForIdle();

    instance
        .hasPassedElementsInOrder(step.idleTimer(), step.releaseIdleClaimTask(), step.idleCheckedEnd(),
            step.idleTimer(), step.releaseIdleClaimTask(), step.idleCheckedEnd())
        .isWaitingAtElements(step.userTask());
  }

  private void reportsTheRejectionWhenTheOperatorFindsAnImageUnusable(ProcessInstanceAssert instance,
      OperatorStep step) throws Exception {
    // when: the operator's step completes as the inbox completes it after ImageDeclaredUnusable
    driver.completeJob(JobTypes.OPERATOR_TASK, Map.of(Recipes.IMAGE_UNUSABLE, true));
    driver.completeJob(JobTypes.REPORT_RESULT, Map.of());
    driver.waitForIdle();

    // then
    instance
        .hasPassedElementsInOrder(step.userTask(), step.imageUsableGateway(), "ReportRejectionTask",
            "TaskRejectedEndEvent")
        .hasNotPassedElement("GenerateResultTask")
        .hasNotPassedElement("ReportResultTask")
        .isCompleted();
  }

  private void endsWhenTheTaskIsCancelled(ProcessInstanceAssert instance, OperatorStep step)
      throws Exception {
    // when
    driver.publishCancellation();

    // then
    instance
        .hasPassedElementsInOrder("TaskCancelledStartEvent", "TaskCancelledEndEvent")
        .hasNotPassedElement(step.userTask())
        .hasNotPassedElement("GenerateResultTask")
        .isCompleted();
  }
}
