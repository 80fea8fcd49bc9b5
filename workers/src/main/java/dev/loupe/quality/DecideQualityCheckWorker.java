package dev.loupe.quality;

import dev.loupe.clients.ClientRegistry;
import dev.loupe.models.ModelRegistration;
import dev.loupe.models.ModelRegistry;
import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.QualityPolicy;
import dev.loupe.task.TaskCommand.DecideQualityCheck;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides whether an operator checks the servers' result: always when a detected object is below the minimum
 * confidence or a tag's reading below {@code loupe.price-tags.min-confidence}, else for a sampled share of tasks;
 * once an operator has checked the task, only for readings made since. The policy is the task's client's own for
 * the class group if it set one, else the one registered with the class group's model, else
 * {@code loupe.quality.sampling-rate} / {@code min-confidence}. Completes with {@code qualityCheck}, and with
 * {@value JobTypes#SUGGEST_CLASSES_VARIABLE}: true when a product detection is to be checked, its detector found
 * objects and its class group has a box classifier, which then suggests their classes first (ADR 0036). A run that
 * recovery starts again at this step decides it the same way.
 */
@Component
public class DecideQualityCheckWorker {

  private final TaskRepository tasks;
  private final ModelRegistry models;
  private final ClientRegistry clients;
  private final QualityPolicy defaultPolicy;
  private final double readingMinConfidence;

  DecideQualityCheckWorker(
      TaskRepository tasks,
      ModelRegistry models,
      ClientRegistry clients,
      @Value("${loupe.quality.sampling-rate:0.1}") double samplingRate,
      @Value("${loupe.quality.min-confidence:0.5}") double minConfidence,
      @Value("${loupe.price-tags.min-confidence:0.8}") double readingMinConfidence) {
    this.tasks = tasks;
    this.models = models;
    this.clients = clients;
    this.defaultPolicy = new QualityPolicy(samplingRate, minConfidence);
    this.readingMinConfidence = readingMinConfidence;
  }

  @JobWorker(type = JobTypes.DECIDE_QUALITY_CHECK, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public Map<String, Object> decideQualityCheck(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    TaskState task = tasks.load(taskId);
    String classGroupKey = task.classGroup().key();
    QualityPolicy policy = Optional.ofNullable(task.clientId())
        .flatMap(clientId -> clients.qualityPolicy(clientId, classGroupKey))
        .or(() -> models.find(classGroupKey).map(ModelRegistration::quality))
        .orElse(defaultPolicy);
    tasks.execute(taskId, new DecideQualityCheck(policy, readingMinConfidence), JobCauses.of(job), JobCauses.actor(job));
    QualityCheckDecided decided = tasks.latest(taskId, QualityCheckDecided.class).orElseThrow();
    return Map.of("qualityCheck", decided.required(),
        JobTypes.SUGGEST_CLASSES_VARIABLE, decided.required() && suggestClasses(task));
  }

  /** Whether the class group's classifier is to suggest classes for the objects the task's detector found. */
  private boolean suggestClasses(TaskState task) {
    return TaskTypes.PRODUCT_DETECTION.equals(task.type()) && !task.detected().isEmpty() && task.classifier() == null
        && models.classifierFor(task.classGroup().key()).isPresent();
  }
}
