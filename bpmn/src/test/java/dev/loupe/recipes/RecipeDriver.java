package dev.loupe.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.PublishMessageResponse;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plays Loupe's workers against a recipe in zeebe-process-test's engine, for one task. */
final class RecipeDriver {

  private final ZeebeTestEngine engine;
  private final ZeebeClient client;
  private final String taskId;

  RecipeDriver(ZeebeTestEngine engine, ZeebeClient client, String taskId) {
    this.engine = engine;
    this.client = client;
    this.taskId = taskId;
  }

  /**
   * Starts the recipe as Loupe does, by its start message keyed by the task's run: the task id, a 30-minute SLA,
   * idle claims checked every minute.
   */
  ProcessInstanceAssert start(String recipe) throws Exception {
    PublishMessageResponse published = publishStart(recipe);
    waitForIdle();
    return BpmnAssert.assertThat(published).extractingProcessInstance();
  }

  PublishMessageResponse publishStart(String recipe) {
    return client.newPublishMessageCommand()
        .messageName(Recipes.startMessage(recipe))
        .correlationKey(taskId + "@0")
        .timeToLive(Duration.ZERO)
        .variables(Map.of(Recipes.TASK_ID, taskId, Recipes.OPERATOR_SLA, "PT30M", Recipes.IDLE_CHECK_INTERVAL, "PT1M"))
        .send()
        .join();
  }

  /** Completes the one waiting job of this type, as its worker would, with the variables it sets. */
  ActivatedJob completeJob(String type, Map<String, Object> variables) throws Exception {
    ActivatedJob job = activateJob(type);
    assertThat(job.getVariablesAsMap()).containsEntry(Recipes.TASK_ID, taskId);
    client.newCompleteCommand(job.getKey()).variables(variables).send().join();
    return job;
  }

  ActivatedJob activateJob(String type) throws Exception {
    waitForIdle();
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
    assertThat(jobs).as("an activatable job of type %s", type).hasSize(1);
    return jobs.getFirst();
  }

  /** The worker of this job type throws a BPMN error, as a business outcome. */
  void throwError(String type, String errorCode, String message) throws Exception {
    client.newThrowErrorCommand(activateJob(type).getKey()).errorCode(errorCode).errorMessage(message).send().join();
    waitForIdle();
  }

  /** The worker gives up on the job: no retries left, so Zeebe raises an incident. */
  ActivatedJob failJob(String type, String message) throws Exception {
    ActivatedJob job = activateJob(type);
    client.newFailCommand(job.getKey()).retries(0).errorMessage(message).send().join();
    waitForIdle();
    return job;
  }

  void publishCancellation() throws Exception {
    waitForIdle();
    client.newPublishMessageCommand().messageName(Recipes.TASK_CANCELLED_MESSAGE).correlationKey(taskId).send().join();
    waitForIdle();
  }

  void passTime(Duration duration) throws Exception {
    waitForIdle();
    engine.increaseTime(duration);
  }

  void waitForIdle() throws Exception {
    engine.waitForIdleState(Duration.ofSeconds(5));
  }
}
