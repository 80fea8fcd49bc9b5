package dev.loupe.training;

import java.time.Instant;
import java.util.UUID;

/**
 * A training run as its facts tell it ({@link TrainingRuns}).
 *
 * @param status RUNNING, DEPLOYED, KEPT_CHAMPION, SKIPPED or FAILED
 * @param challenger the version the run trained and its holdout accuracy; null before it is evaluated
 * @param champion the version serving when the run started and its accuracy on the same holdout; null when the
 *     class group had no classifier
 */
public record TrainingRun(UUID runId, String classGroup, String trigger, Instant startedAt, Instant finishedAt,
    String status, String datasetPosition, Scored challenger, Scored champion, String reason) {

  /**
   * A classifier version and its accuracy on the run's holdout; {@code model} names the classifier, which differs
   * between a champion and a challenger trained on other features ({@code ClassifierRepository.modelName}).
   */
  public record Scored(String model, String version, Double accuracy) {}

  public static final String RUNNING = "RUNNING";
  public static final String DEPLOYED = "DEPLOYED";
  public static final String KEPT_CHAMPION = "KEPT_CHAMPION";
  public static final String SKIPPED = "SKIPPED";
  public static final String FAILED = "FAILED";

  TrainingRun with(String newStatus, Instant newFinishedAt, String newReason) {
    return new TrainingRun(runId, classGroup, trigger, startedAt, newFinishedAt, newStatus, datasetPosition,
        challenger, champion, newReason);
  }

  TrainingRun withDataset(String position) {
    return new TrainingRun(runId, classGroup, trigger, startedAt, finishedAt, status, position, challenger, champion,
        reason);
  }

  TrainingRun withChallenger(Scored scored) {
    return new TrainingRun(runId, classGroup, trigger, startedAt, finishedAt, status, datasetPosition, scored,
        champion, reason);
  }

  TrainingRun withChampion(Scored scored) {
    return new TrainingRun(runId, classGroup, trigger, startedAt, finishedAt, status, datasetPosition, challenger,
        scored, reason);
  }
}
