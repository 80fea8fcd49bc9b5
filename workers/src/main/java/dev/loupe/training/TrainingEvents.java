package dev.loupe.training;

import dev.loupe.learning.Evaluation;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The facts of a training run, in the class group's model stream ({@code model-<classGroupKey>}) beside the
 * registry's activations; {@link TrainingRuns} folds them into runs. Each carries the run's id; the dataset's journal
 * position ({@code <transaction>:<position>}) is in every fact a past model can be reproduced from.
 */
final class TrainingEvents {

  private TrainingEvents() {}

  /** Who or what started a run. */
  enum Trigger {
    /** Someone pressed Train ({@code POST /api/v1/models/{classGroup}/train}). */
    MANUAL,
    /** The automatic policy ({@link TrainingPolicy}). */
    POLICY
  }

  /** A training run of a class group's classifier started, holding the class group's training lock; raised by ClassifierTraining. */
  record TrainingRunStarted(UUID runId, String classGroupKey, Trigger trigger, boolean override, String reason) {}

  /**
   * A classifier version was trained and written into the model repository: on the dataset {@code datasetId} as of
   * {@code datasetPosition}, the tasks finished before the holdout's, with {@code features} and the trainer's settings;
   * its classes in output order. Raised by ClassifierTraining.
   */
  record ModelTrained(UUID runId, String classGroupKey, String modelName, String modelVersion, String features,
      List<String> classes, UUID datasetId, String datasetPosition, int trainingTasks, int trainingObjects,
      int holdoutTasks, int holdoutObjects, int epochs, double learningRate, long seed, double holdoutShare,
      long trainingMillis) {}

  /**
   * A classifier version (the run's challenger, or the champion serving when the run started) was scored on the run's
   * holdout, the newest verified tasks of the dataset as of {@code datasetPosition}; raised by ClassifierTraining.
   */
  record ModelEvaluated(UUID runId, String classGroupKey, String role, String modelName, String modelVersion,
      String datasetPosition, int examples, int correct, double accuracy, Map<String, Map<String, Integer>> confusion) {

    static ModelEvaluated of(UUID runId, String classGroupKey, String role, String modelName, String modelVersion,
        String datasetPosition, Evaluation evaluation) {
      return new ModelEvaluated(runId, classGroupKey, role, modelName, modelVersion, datasetPosition,
          evaluation.examples(), evaluation.correct(), evaluation.accuracy(), evaluation.confusion());
    }
  }

  /** A run trained nothing: too little verified data, or a single class; raised by ClassifierTraining. */
  record ModelTrainingSkipped(UUID runId, String classGroupKey, String datasetPosition, String reason) {}

  /** How a run ended: DEPLOYED, KEPT_CHAMPION, SKIPPED or FAILED, and why; raised by ClassifierTraining. */
  record TrainingRunFinished(UUID runId, String classGroupKey, String status, String reason) {}
}
