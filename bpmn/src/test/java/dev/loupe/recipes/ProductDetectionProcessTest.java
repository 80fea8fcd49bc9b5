package dev.loupe.recipes;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per path of the product-detection recipe; workers are played by the test. */
@ZeebeProcessTest
class ProductDetectionProcessTest {

  private static final String TASK_ID = "5f0c6f7e-0000-4000-8000-000000000001";

  private ZeebeTestEngine engine;
  private ZeebeClient client;

  @BeforeEach
  void deployRecipe() {
    client.newDeployResourceCommand().addResourceFromClasspath("recipes/product-detection.bpmn").send().join();
  }

  @Test
  void shouldReportResultAfterOperatorAnnotatesWhenNoModelExists() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();

    // when
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    ActivatedJob assistance = completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    waitForIdle();
    assertThat(instance).isWaitingAtElements("OperatorAnnotatesTask");
    ActivatedJob operatorTask = completeJob(JobTypes.OPERATOR_TASK, Map.of());
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();

    // then
    assertThat(assistance.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "MODEL_NOT_FOUND");
    assertThat(operatorTask.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"operators\"]");
    assertThat(instance)
        .hasPassedElementsInOrder("TaskCreatedStartEvent", "ResolveModelTask", "ModelFoundGateway",
            "RequestAssistanceTask", "OperatorAnnotatesTask", "ResultJoinGateway", "GenerateResultTask",
            "ReportResultTask", "TaskReportedEndEvent")
        .hasNotPassedElement("DetectObjectsTask")
        .isCompleted();
  }

  @Test
  void shouldReportModelsResultWithoutOperatorWhenConfident() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();

    // when
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", false));
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();

    // then
    assertThat(instance)
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
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    // when
    completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    ActivatedJob qualityCheck = completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    waitForIdle();
    assertThat(instance).isWaitingAtElements("OperatorChecksTask");
    completeJob(JobTypes.OPERATOR_TASK, Map.of());
    completeJob(JobTypes.EVALUATE_AUTOMATIC_RESULT, Map.of());
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();

    // then
    assertThat(qualityCheck.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "QUALITY_CHECK");
    assertThat(instance)
        .hasPassedElementsInOrder("DetectObjectsTask", "DecideQualityCheckTask", "QualityCheckGateway",
            "RequestQualityCheckTask", "OperatorChecksTask", "EvaluateAutomaticResultTask", "ResultJoinGateway",
            "GenerateResultTask", "ReportResultTask", "TaskReportedEndEvent")
        .isCompleted();
  }

  @Test
  void shouldEscalateAnnotationThatOutlivesItsSlaAndKeepWaiting() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    waitForIdle();

    // when
    engine.increaseTime(Duration.ofMinutes(31));
    completeJob(JobTypes.ESCALATE_TASK, Map.of());
    waitForIdle();

    // then
    assertThat(instance)
        .hasPassedElementsInOrder("AnnotationSlaTimer", "EscalateAnnotationTask", "AnnotationEscalatedEndEvent")
        .isWaitingAtElements("OperatorAnnotatesTask")
        .isActive();
  }

  @Test
  void shouldCheckForIdleClaimEveryIntervalWhileAnOperatorWorks() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    waitForIdle();

    // when: two intervals pass
    engine.increaseTime(Duration.ofMinutes(1));
    completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    engine.increaseTime(Duration.ofMinutes(1));
    completeJob(JobTypes.RELEASE_IDLE_CLAIM, Map.of());
    waitForIdle();

    // then: checked twice, the operator step still open, then it completes as usual
    assertThat(instance).hasPassedElement("ReleaseIdleAnnotationClaimTask", 2)
        .isWaitingAtElements("OperatorAnnotatesTask");
    completeJob(JobTypes.OPERATOR_TASK, Map.of());
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();
    assertThat(instance).isCompleted();
  }

  @Test
  void shouldEscalateACheckThatOutlivesItsSla() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    completeJob(JobTypes.DECIDE_QUALITY_CHECK, Map.of("qualityCheck", true));
    completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    waitForIdle();

    // when
    engine.increaseTime(Duration.ofMinutes(31));
    completeJob(JobTypes.ESCALATE_TASK, Map.of());
    waitForIdle();

    // then
    assertThat(instance)
        .hasPassedElementsInOrder("CheckSlaTimer", "EscalateCheckTask", "CheckEscalatedEndEvent")
        .isWaitingAtElements("OperatorChecksTask");
  }

  @Test
  void shouldEndTheRecipeWhereverItIsWhenTheTaskIsCancelled() throws Exception {
    // given: a task waiting for an operator
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    waitForIdle();

    // when
    client.newPublishMessageCommand().messageName(Recipes.TASK_CANCELLED_MESSAGE).correlationKey(TASK_ID)
        .send().join();
    waitForIdle();

    // then
    assertThat(instance)
        .hasPassedElementsInOrder("TaskCancelledStartEvent", "TaskCancelledEndEvent")
        .hasNotPassedElement("OperatorAnnotatesTask")
        .isCompleted();
  }

  @Test
  void shouldRaiseIncidentAtDetectObjectsWhenTheModelCannotRun() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    ActivatedJob detection = activateJob(JobTypes.DETECT_OBJECTS);
    client.newFailCommand(detection.getKey()).retries(0).errorMessage("model shelf/3 failed: UNAVAILABLE").send().join();
    waitForIdle();

    // then
    assertThat(instance)
        .isWaitingAtElements("DetectObjectsTask")
        .extractingLatestIncident()
        .hasErrorMessage("model shelf/3 failed: UNAVAILABLE");
  }

  @Test
  void shouldRaiseIncidentAtReportResultWhenCallbackDeliveryKeepsFailing() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    completeJob(JobTypes.OPERATOR_TASK, Map.of());
    completeJob(JobTypes.GENERATE_RESULT, Map.of());

    // when
    ActivatedJob delivery = activateJob(JobTypes.REPORT_RESULT);
    client.newFailCommand(delivery.getKey()).retries(0).errorMessage("callback answered 503").send().join();
    waitForIdle();

    // then
    assertThat(delivery.getRetries()).isEqualTo(5);
    assertThat(instance)
        .isWaitingAtElements("ReportResultTask")
        .hasAnyIncidents()
        .extractingLatestIncident()
        .hasErrorMessage("callback answered 503");
  }

  @Test
  void shouldSendTheTaskToAnOperatorWhenTheServerDoesNotServeTheModel() throws Exception {
    // given
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));

    // when
    engine.waitForIdleState(Duration.ofSeconds(5));
    ActivatedJob detection = client.newActivateJobsCommand().jobType(JobTypes.DETECT_OBJECTS).maxJobsToActivate(1)
        .send().join().getJobs().getFirst();
    client.newThrowErrorCommand(detection.getKey()).errorCode(JobTypes.MODEL_NOT_FOUND_ERROR)
        .errorMessage("model gone/1 failed: NOT_FOUND").send().join();
    engine.waitForIdleState(Duration.ofSeconds(5));

    // then
    assertThat(instance)
        .hasPassedElement("ModelNotServedBoundaryEvent")
        .hasNotPassedElement("DetectObjectsTask")
        .isWaitingAtElements("RequestAssistanceTask");
  }

  private ProcessInstanceEvent startTask() {
    return client.newCreateInstanceCommand()
        .bpmnProcessId(Recipes.PRODUCT_DETECTION)
        .latestVersion()
        .variables(Map.of(Recipes.TASK_ID, TASK_ID, Recipes.OPERATOR_SLA, "PT30M",
            Recipes.IDLE_CHECK_INTERVAL, "PT1M"))
        .send()
        .join();
  }

  private ActivatedJob completeJob(String type, Map<String, Object> variables) throws Exception {
    ActivatedJob job = activateJob(type);
    assertThat(job.getVariablesAsMap()).containsEntry(Recipes.TASK_ID, TASK_ID);
    client.newCompleteCommand(job.getKey()).variables(variables).send().join();
    return job;
  }

  private ActivatedJob activateJob(String type) throws Exception {
    waitForIdle();
    List<ActivatedJob> jobs = client.newActivateJobsCommand()
        .jobType(type)
        .maxJobsToActivate(1)
        .send()
        .join()
        .getJobs();
    assertThat(jobs).as("an activatable job of type %s", type).hasSize(1);
    return jobs.getFirst();
  }

  private void waitForIdle() throws Exception {
    engine.waitForIdleState(Duration.ofSeconds(5));
  }
}
