package dev.loupe.training;

import dev.loupe.models.ClassifierRegistration;
import dev.loupe.models.ModelRegistry;
import dev.loupe.readmodels.quality.ModelQuality;
import dev.loupe.readmodels.tasks.TaskSearch;
import dev.loupe.readmodels.tasks.TaskSort;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskStatus;
import dev.loupe.training.TrainingEvents.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The loop that runs by itself: every {@code loupe.training.policy.check-every}, each class group that has a box
 * classifier is retrained, through the same evaluate-then-deploy gate as a manual run, when since its last run (or
 * since its classifier was registered) operators verified {@code new-objects} objects or {@code new-sessions} tasks,
 * or when the share of the serving version's suggestions that operators kept fell below {@code min-kept-share} over
 * at least {@code min-suggestions}. Counts come from the tasks and model-evaluations read models. A class group whose
 * run is in progress (here or on another instance) is left to it.
 */
@Component
@ConditionalOnProperty(name = "loupe.training.policy.enabled", havingValue = "true", matchIfMissing = true)
public class TrainingPolicy {

  private static final Logger log = LoggerFactory.getLogger(TrainingPolicy.class);
  private static final int PAGE = 500;

  private final ModelRegistry registry;
  private final TrainingRuns runs;
  private final ClassifierTraining training;
  private final TaskViews tasks;
  private final ModelQuality quality;
  private final long newObjects;
  private final long newSessions;
  private final double minKeptShare;
  private final long minSuggestions;

  TrainingPolicy(ModelRegistry registry, TrainingRuns runs, ClassifierTraining training, TaskViews tasks,
      ModelQuality quality,
      @Value("${loupe.training.policy.new-objects:200}") long newObjects,
      @Value("${loupe.training.policy.new-sessions:50}") long newSessions,
      @Value("${loupe.training.policy.min-kept-share:0.8}") double minKeptShare,
      @Value("${loupe.training.policy.min-suggestions:50}") long minSuggestions) {
    this.registry = registry;
    this.runs = runs;
    this.training = training;
    this.tasks = tasks;
    this.quality = quality;
    this.newObjects = newObjects;
    this.newSessions = newSessions;
    this.minKeptShare = minKeptShare;
    this.minSuggestions = minSuggestions;
  }

  @Scheduled(initialDelayString = "${loupe.training.policy.check-every:PT5M}",
      fixedDelayString = "${loupe.training.policy.check-every:PT5M}")
  void check() {
    for (ClassifierRegistration classifier : registry.allClassifiers()) {
      try {
        reason(classifier).ifPresent(reason -> start(classifier.classGroupKey(), reason));
      } catch (RuntimeException e) {
        log.warn("training policy: cannot check class group {}; trying again at the next check",
            classifier.classGroupKey(), e);
      }
    }
  }

  /** Why the class group's classifier should be retrained now, if it should. */
  public Optional<String> reason(ClassifierRegistration classifier) {
    String classGroupKey = classifier.classGroupKey();
    List<TrainingRun> history = runs.of(classGroupKey);
    Instant since = history.isEmpty() ? classifier.registeredAt() : history.getFirst().startedAt();
    AtomicLong sessions = new AtomicLong();
    AtomicLong objects = new AtomicLong();
    tasks.forEach(new TaskSearch(null, TaskStatus.DONE, null, classGroupKey, null, null, null, null, null, since,
        null, false), TaskSort.NEWEST_FIRST, PAGE, view -> {
          if (view.operatorId() != null) {
            sessions.incrementAndGet();
            objects.addAndGet(view.objects().size());
          }
        });
    ModelQuality.SuggestionQuality kept = quality.of(classifier.model().name(), since)
        .versions().stream()
        .filter(version -> version.version().equals(classifier.model().version()))
        .map(ModelQuality.VersionQuality::suggestions)
        .filter(suggestions -> suggestions != null)
        .findFirst()
        .orElse(null);
    return decide(objects.get(), sessions.get(), kept, since, classifier.model().version());
  }

  /**
   * The rule itself: {@code objects} and {@code sessions} verified since {@code since}, and what operators kept of
   * the serving version's suggestions ({@code kept}, null when none was scored).
   */
  Optional<String> decide(long objects, long sessions, ModelQuality.SuggestionQuality kept, Instant since,
      String version) {
    if (objects >= newObjects) {
      return Optional.of(objects + " objects verified since " + since + " (policy: " + newObjects + ")");
    }
    if (sessions >= newSessions) {
      return Optional.of(sessions + " tasks verified since " + since + " (policy: " + newSessions + ")");
    }
    if (kept != null && kept.suggested() >= minSuggestions && kept.keptShare() != null
        && kept.keptShare() < minKeptShare) {
      return Optional.of(String.format(Locale.ROOT,
          "operators kept %.1f %% of version %s's %d suggestions (policy: at least %.1f %%)",
          kept.keptShare() * 100, version, kept.suggested(), minKeptShare * 100));
    }
    return Optional.empty();
  }

  private void start(String classGroupKey, String reason) {
    try {
      training.start(classGroupKey, Trigger.POLICY, false, reason, "training-policy");
      log.info("training policy: started a run of class group {}: {}", classGroupKey, reason);
    } catch (TaskRejected inProgress) {
      log.debug("training policy: class group {} is training already", classGroupKey);
    }
  }
}
