package dev.loupe.quality;

import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.EvaluateAutomaticResult;
import dev.loupe.task.TaskRepository;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * After an operator's check, scores what no check has scored yet, with the operator's result as the ground truth:
 * the detector per class (TP/FP/FN, IoU-matched at {@code loupe.quality.iou-threshold}; AutomaticResultEvaluated),
 * and the recogniser's readings of the tags (ReadingsEvaluated).
 */
@Component
public class EvaluateAutomaticResultWorker {

  private final TaskRepository tasks;
  private final double iouThreshold;

  EvaluateAutomaticResultWorker(TaskRepository tasks, @Value("${loupe.quality.iou-threshold:0.5}") double iouThreshold) {
    this.tasks = tasks;
    this.iouThreshold = iouThreshold;
  }

  @JobWorker(type = JobTypes.EVALUATE_AUTOMATIC_RESULT, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void evaluateAutomaticResult(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    tasks.execute(taskId, new EvaluateAutomaticResult(iouThreshold), JobCauses.of(job), JobCauses.actor(job));
  }
}
