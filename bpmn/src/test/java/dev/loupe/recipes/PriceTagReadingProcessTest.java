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

/** One test per path of the price-tag-reading recipe, including the operator ⇄ servers correction loop. */
@ZeebeProcessTest
class PriceTagReadingProcessTest {

  private static final String TASK_ID = "5f0c6f7e-0000-4000-8000-000000000002";

  private ZeebeTestEngine engine;
  private ZeebeClient client;

  @BeforeEach
  void deployRecipe() {
    client.newDeployResourceCommand().addResourceFromClasspath("recipes/price-tag-reading.bpmn").send().join();
  }

  @Test
  void shouldReportReadingsWithoutOperatorWhenDetectorAndRecogniserAreSure() throws Exception {
    ProcessInstanceEvent instance = startTask();

    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    completeJob(JobTypes.READ_TAGS, Map.of("readingsUnsure", false));
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();

    assertThat(instance)
        .hasPassedElementsInOrder("ResolveModelTask", "ModelFoundGateway", "DetectTagsTask", "TagsToReadJoinGateway",
            "ReadTagsTask", "ReadingsUnsureGateway", "GenerateResultTask", "ReportResultTask", "TaskReportedEndEvent")
        .hasNotPassedElement("OperatorChecksTagsTask")
        .isCompleted();
  }

  @Test
  void shouldReadOnlyCorrectedTagsAgainAfterAnOperatorCheck() throws Exception {
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    completeJob(JobTypes.READ_TAGS, Map.of("readingsUnsure", true));
    ActivatedJob check = completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    completeJob(JobTypes.OPERATOR_TASK, Map.of());
    completeJob(JobTypes.READ_TAGS, Map.of("readingsUnsure", false));
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();

    assertThat(check.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "QUALITY_CHECK");
    assertThat(instance)
        .hasPassedElementsInOrder("DetectTagsTask", "RequestReadingCheckTask", "OperatorChecksTagsTask",
            "GenerateResultTask", "TaskReportedEndEvent")
        .hasPassedElement("ReadTagsTask", 2)
        .hasPassedElement("TagsToReadJoinGateway", 2)
        .isCompleted();
  }

  @Test
  void shouldPingPongBetweenOperatorAndServersUntilTheReadingsAreSure() throws Exception {
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    completeJob(JobTypes.DETECT_OBJECTS, Map.of());

    for (int round = 0; round < 2; round++) {
      completeJob(JobTypes.READ_TAGS, Map.of("readingsUnsure", true));
      completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
      completeJob(JobTypes.OPERATOR_TASK, Map.of());
    }
    completeJob(JobTypes.READ_TAGS, Map.of("readingsUnsure", false));
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();

    assertThat(instance)
        .hasPassedElement("ReadTagsTask", 3)
        .hasPassedElement("OperatorChecksTagsTask", 2)
        .isCompleted();
  }

  @Test
  void shouldHaveServersReadTagsAnOperatorDrewWhenNoDetectorExists() throws Exception {
    ProcessInstanceEvent instance = startTask();

    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", false));
    ActivatedJob assistance = completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    completeJob(JobTypes.OPERATOR_TASK, Map.of());
    completeJob(JobTypes.READ_TAGS, Map.of("readingsUnsure", false));
    completeJob(JobTypes.GENERATE_RESULT, Map.of());
    completeJob(JobTypes.REPORT_RESULT, Map.of());
    waitForIdle();

    assertThat(assistance.getCustomHeaders()).containsEntry(JobTypes.REASON_HEADER, "MODEL_NOT_FOUND");
    assertThat(instance)
        .hasPassedElementsInOrder("ModelFoundGateway", "RequestAssistanceTask", "OperatorDrawsTagsTask",
            "TagsToReadJoinGateway", "ReadTagsTask", "GenerateResultTask", "TaskReportedEndEvent")
        .hasNotPassedElement("DetectTagsTask")
        .isCompleted();
  }

  @Test
  void shouldEndWhenTheTaskIsCancelledDuringACheck() throws Exception {
    ProcessInstanceEvent instance = startTask();
    completeJob(JobTypes.RESOLVE_MODEL, Map.of("modelFound", true));
    completeJob(JobTypes.DETECT_OBJECTS, Map.of());
    completeJob(JobTypes.READ_TAGS, Map.of("readingsUnsure", true));
    completeJob(JobTypes.REQUEST_ASSISTANCE, Map.of());
    waitForIdle();

    client.newPublishMessageCommand().messageName(Recipes.TASK_CANCELLED_MESSAGE).correlationKey(TASK_ID)
        .send().join();
    waitForIdle();

    assertThat(instance).hasPassedElement("TaskCancelledEndEvent").hasNotPassedElement("GenerateResultTask")
        .isCompleted();
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
        .hasNotPassedElement("DetectTagsTask")
        .isWaitingAtElements("RequestAssistanceTask");
  }

  private ProcessInstanceEvent startTask() {
    return client.newCreateInstanceCommand()
        .bpmnProcessId(Recipes.PRICE_TAG_READING)
        .latestVersion()
        .variables(Map.of(Recipes.TASK_ID, TASK_ID))
        .send()
        .join();
  }

  private ActivatedJob completeJob(String type, Map<String, Object> variables) throws Exception {
    engine.waitForIdleState(Duration.ofSeconds(5));
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
    assertThat(jobs).as("an activatable job of type %s", type).hasSize(1);
    client.newCompleteCommand(jobs.getFirst().getKey()).variables(variables).send().join();
    return jobs.getFirst();
  }

  private void waitForIdle() throws Exception {
    engine.waitForIdleState(Duration.ofSeconds(5));
  }
}
