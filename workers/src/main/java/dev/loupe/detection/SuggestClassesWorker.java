package dev.loupe.detection;

import dev.loupe.inference.InferenceException;
import dev.loupe.models.BoxClassifier;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.SuggestClasses;
import dev.loupe.task.TaskEvent.ClassSuggestion;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The recipe's {@code SuggestClassesTask}: before an operator checks a detection, the class group's box classifier
 * suggests a class for each detected object (ClassesSuggested), so the operator confirms labels instead of picking
 * them, and the kept share of its suggestions is scored once they finish (ADR 0036). Each image with objects is
 * downloaded and decoded again, and classified in one of the instance's {@link InferenceSlots}.
 *
 * <p>A suggestion only helps the operator, so this step never holds a task up: a classifier the model server cannot
 * run now (its version not loaded on this instance yet, the server restarting) or that answers what its registration
 * does not fit, an image that can no longer be used, or one that still fails to download on the job's last try leaves
 * the objects without suggestions, and the check goes on. A download that fails for now on an earlier try fails the
 * job, and Zeebe tries it again.
 */
@Component
public class SuggestClassesWorker {

  private static final Logger log = LoggerFactory.getLogger(SuggestClassesWorker.class);

  private final TaskRepository tasks;
  private final ImageFetcher images;
  private final InferenceSlots slots;
  private final BoxClassifier classifier;

  SuggestClassesWorker(TaskRepository tasks, ImageFetcher images, InferenceSlots slots, BoxClassifier classifier) {
    this.tasks = tasks;
    this.images = images;
    this.slots = slots;
    this.classifier = classifier;
  }

  @JobWorker(type = JobTypes.SUGGEST_CLASSES, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID}, timeout = 120_000)
  public void suggestClasses(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    TaskState task = tasks.load(taskId);
    if (task.status() != TaskStatus.DETECTED || task.classifier() != null) {
      return;
    }
    Optional<ClassifierRegistration> registered = classifier.classifierFor(task.classGroup().key());
    if (registered.isEmpty()) {
      return;
    }
    List<ClassSuggestion> suggestions;
    try {
      suggestions = suggestions(task, registered.get());
    } catch (DetectionFailed failed) {
      if (job.getRetries() > 1) {
        throw failed;
      }
      log.warn("task {}: classifier {} gave no suggestions on the last try: {}", taskId, registered.get().model(),
          failed.getMessage());
      return;
    } catch (InferenceException | ImageUnusable unavailable) {
      log.warn("task {}: classifier {} gave no suggestions: {}", taskId, registered.get().model(),
          unavailable.getMessage());
      return;
    } catch (RuntimeException unusable) {
      log.warn("task {}: classifier {} gave no suggestions", taskId, registered.get().model(), unusable);
      return;
    }
    if (!suggestions.isEmpty()) {
      tasks.execute(taskId, new SuggestClasses(registered.get().model(), suggestions), JobCauses.of(job),
          JobCauses.actor(job));
    }
  }

  /**
   * The classifier's suggestion for each detected object it can crop, image by image; a class the task's group no
   * longer has (the classifier was trained before the group changed), or a confidence outside 0..1 (NaN), is no
   * suggestion.
   */
  private List<ClassSuggestion> suggestions(TaskState task, ClassifierRegistration registered) {
    Map<Integer, List<DetectedObject>> byImage = task.detected().stream()
        .collect(Collectors.groupingBy(DetectedObject::imageIndex, TreeMap::new, Collectors.toList()));
    List<ClassSuggestion> suggestions = new ArrayList<>();
    for (Map.Entry<Integer, List<DetectedObject>> image : byImage.entrySet()) {
      List<DetectedObject> objects = image.getValue();
      ImageFetcher.Downloaded downloaded = images.download(task.images().get(image.getKey()));
      List<BoxClassifier.Suggestion> suggested = slots.call(() -> classifier.suggest(registered,
          images.decode(downloaded), objects.stream().map(DetectedObject::box).toList()));
      for (int i = 0; i < objects.size(); i++) {
        BoxClassifier.Suggestion suggestion = suggested.get(i);
        if (suggestion != null && task.classGroup().hasClass(suggestion.classId())
            && suggestion.confidence() >= 0 && suggestion.confidence() <= 1) {
          suggestions.add(new ClassSuggestion(objects.get(i).objectId(), suggestion.classId(),
              suggestion.confidence()));
        }
      }
    }
    return suggestions;
  }
}
