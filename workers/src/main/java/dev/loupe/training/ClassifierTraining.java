package dev.loupe.training;

import dev.loupe.detection.ImageFetcher;
import dev.loupe.learning.BoxFeatures;
import dev.loupe.learning.ClassifierRepository;
import dev.loupe.learning.ClassifierTrainer;
import dev.loupe.learning.Evaluation;
import dev.loupe.learning.LabelledFeatures;
import dev.loupe.learning.ThumbnailHistogramGradientFeatures;
import dev.loupe.learning.TrainedClassifier;
import dev.loupe.learning.TrainingRefused;
import dev.loupe.models.BoxClassifier;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.models.ModelControl;
import dev.loupe.models.ModelNotReady;
import dev.loupe.readmodels.training.Dataset;
import dev.loupe.readmodels.training.DatasetQuery;
import dev.loupe.readmodels.training.TrainingData;
import dev.loupe.readmodels.training.TrainingExample;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.ModelRef;
import dev.loupe.task.TaskRejected;
import dev.loupe.training.TrainingEvents.ModelEvaluated;
import dev.loupe.training.TrainingEvents.ModelTrained;
import dev.loupe.training.TrainingEvents.ModelTrainingSkipped;
import dev.loupe.training.TrainingEvents.Trigger;
import dev.loupe.training.TrainingEvents.TrainingRunFinished;
import dev.loupe.training.TrainingEvents.TrainingRunStarted;
import jakarta.annotation.PreDestroy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Training runs of a class group's box classifier (issue 17, ADR 0030). A run holds the class group's PostgreSQL
 * advisory lock from start to end, so two runs of one class group never overlap, on any instance; it runs on its own
 * executor ({@code loupe.training.threads}), never on a Zeebe job worker's thread. A run:
 *
 * <ol>
 *   <li>defines a dataset (ADR 0023): the class group's verified tasks as of the journal's position now;
 *   <li>splits it by time: the newest {@code holdout-share} of its tasks are the holdout, the rest the training set;
 *   <li>computes each verified box's features from its image crop and trains a classifier on the training set;
 *   <li>writes it as the next version folder into the model repository and loads it on the model server
 *       (ModelTrained);
 *   <li>scores it and the champion (the version serving now) on the same holdout, through the model server
 *       (ModelEvaluated, twice);
 *   <li>deploys it over the model control stream when it beats the champion by {@code margin}, or on override, and
 *       otherwise keeps the champion (TrainingRunFinished).
 * </ol>
 *
 * Too little data or a single class ends as ModelTrainingSkipped. A version the model server cannot load fails the
 * run and leaves the champion serving.
 */
@Service
public class ClassifierTraining {

  static final String CHALLENGER = "CHALLENGER";
  static final String CHAMPION = "CHAMPION";
  /** The first key of the class groups' training locks (pg_try_advisory_lock(int, int)), the number. */
  private static final int LOCK_SPACE = 17;
  private static final Logger log = LoggerFactory.getLogger(ClassifierTraining.class);

  private final TrainingData trainingData;
  private final ImageFetcher images;
  private final BoxClassifier classifier;
  private final ModelControl control;
  private final DataSource dataSource;
  private final String repository;
  private final ClassifierTrainer.Settings settings;
  private final double holdoutShare;
  private final double margin;
  private final ExecutorService executor;
  /** Runs this instance may have at once: a start beyond them is refused, never queued. */
  private final Semaphore slots;

  ClassifierTraining(TrainingData trainingData, ImageFetcher images, BoxClassifier classifier, ModelControl control,
      DataSource dataSource,
      @Value("${loupe.training.model-repository:${loupe.embedded.inference.repository:}}") String repository,
      @Value("${loupe.training.epochs:25}") int epochs,
      @Value("${loupe.training.learning-rate:0.5}") double learningRate,
      @Value("${loupe.training.seed:17}") long seed,
      @Value("${loupe.training.minimum-objects:10}") int minimumObjects,
      @Value("${loupe.training.holdout-share:0.2}") double holdoutShare,
      @Value("${loupe.training.margin:0.02}") double margin,
      @Value("${loupe.training.threads:1}") int threads) {
    this.trainingData = trainingData;
    this.images = images;
    this.classifier = classifier;
    this.control = control;
    this.dataSource = dataSource;
    this.repository = repository;
    this.settings = new ClassifierTrainer.Settings(epochs, learningRate, seed, minimumObjects);
    this.holdoutShare = holdoutShare;
    this.margin = margin;
    AtomicInteger count = new AtomicInteger();
    this.slots = new Semaphore(Math.max(1, threads));
    this.executor = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
      Thread thread = new Thread(runnable, "training-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /**
   * Starts a run of the class group's classifier, unless one is in progress.
   *
   * @param override deploy the challenger whatever the champion scores
   * @param reason why the run was started (the policy's rule; null for a manual run)
   * @return the run's id; the run goes on on the training executor
   * @throws TaskRejected CONFLICT while a run of the class group is in progress, or while this instance runs as many
   *     as {@code loupe.training.threads}: a run never waits in a queue holding its lock and a connection
   */
  public UUID start(String classGroupKey, Trigger trigger, boolean override, String reason, String actor) {
    if (!slots.tryAcquire()) {
      throw new TaskRejected(TaskRejected.Reason.CONFLICT, "this instance is training as many class groups as it "
          + "may at once (loupe.training.threads): start this one when a run ends");
    }
    Connection lock;
    try {
      lock = lock(classGroupKey);
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    UUID runId = UUID.randomUUID();
    try {
      control.append(classGroupKey, actor, new TrainingRunStarted(runId, classGroupKey, trigger, override, reason));
      executor.execute(() -> {
        try {
          run(runId, classGroupKey, override, actor);
        } finally {
          unlock(lock, classGroupKey);
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      unlock(lock, classGroupKey);
      slots.release();
      throw e;
    }
    return runId;
  }

  private void run(UUID runId, String classGroupKey, boolean override, String actor) {
    String status;
    String reason;
    try {
      Outcome outcome = train(runId, classGroupKey, override, actor);
      status = outcome.status();
      reason = outcome.reason();
    } catch (RuntimeException | IOException e) {
      log.error("training run {} of class group {} failed", runId, classGroupKey, e);
      status = TrainingRun.FAILED;
      reason = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    control.append(classGroupKey, actor, new TrainingRunFinished(runId, classGroupKey, status, reason));
  }

  /** How a run ended. */
  private record Outcome(String status, String reason) {}


  private Outcome train(UUID runId, String classGroupKey, boolean override, String actor) throws IOException {
    if (repository.isBlank()) {
      return new Outcome(TrainingRun.FAILED, "no model repository to write classifier versions into: set "
          + "loupe.training.model-repository (LOUPE_TRAINING_MODEL_REPOSITORY)");
    }
    Dataset dataset = trainingData.define("training run " + runId,
        new DatasetQuery(classGroupKey, null, null, true), actor);
    String position = dataset.asOf().transactionId() + ":" + dataset.asOf().position();
    List<TrainingExample> examples = new ArrayList<>();
    trainingData.examples(dataset).forEach(examples::add,
        unreadable -> log.warn("training run {}: task stream {} cannot be folded and is left out", runId, unreadable));
    examples.sort(Comparator.comparing(TrainingExample::finishedAt).thenComparing(TrainingExample::taskId));
    if (examples.size() < 2) {
      return skipped(runId, classGroupKey, position, actor, examples.size()
          + " verified tasks: a run needs two or more, the newest held out to evaluate on");
    }
    int holdoutTasks = Math.max(1, (int) Math.round(examples.size() * holdoutShare));
    List<TrainingExample> training = examples.subList(0, examples.size() - holdoutTasks);
    List<TrainingExample> holdout = examples.subList(examples.size() - holdoutTasks, examples.size());
    BoxFeatures features = BoxClassifier.features(ThumbnailHistogramGradientFeatures.NAME);
    List<LabelledFeatures> rows = labelledFeatures(training, List.of(features)).get(features.name());
    // the champion is scored on the same held-out objects as the challenger, on the features it was trained on:
    // both sets come from one download of each image, so an image that fails leaves both without its objects
    Optional<ClassifierRegistration> champion = classifier.classifierFor(classGroupKey);
    List<BoxFeatures> heldFeatures = new ArrayList<>(List.of(features));
    champion.map(ClassifierRegistration::features).filter(name -> !name.equals(features.name()))
        .ifPresent(name -> heldFeatures.add(BoxClassifier.features(name)));
    Map<String, List<LabelledFeatures>> heldRows = labelledFeatures(holdout, heldFeatures);
    List<LabelledFeatures> held = heldRows.get(features.name());
    if (held.isEmpty()) {
      return skipped(runId, classGroupKey, position, actor, "the holdout (the newest " + holdoutTasks
          + " verified tasks) has no object to evaluate on");
    }
    ClassifierRepository models = new ClassifierRepository(Path.of(repository));
    String modelName = ClassifierRepository.modelName(classGroupKey, features.name());
    long version = models.latestVersion(modelName) + 1;
    long started = System.nanoTime();
    TrainedClassifier trained;
    try {
      trained = new ClassifierTrainer(settings).train(features, rows, version);
    } catch (TrainingRefused refused) {
      return skipped(runId, classGroupKey, position, actor, refused.getMessage());
    }
    long trainingMillis = (System.nanoTime() - started) / 1_000_000;
    models.write(modelName, version, trained);
    ModelRef challenger = new ModelRef(modelName, Long.toString(version));
    control.append(classGroupKey, actor, new ModelTrained(runId, classGroupKey, modelName, challenger.version(),
        trained.features(), trained.classes(), dataset.id(), position, training.size(), rows.size(),
        holdout.size(), held.size(), settings.epochs(), settings.learningRate(), settings.seed(), holdoutShare,
        trainingMillis));
    try {
      control.prepare(challenger);
    } catch (ModelNotReady notReady) {
      return new Outcome(TrainingRun.FAILED, "version " + version + " was refused by the model server, the "
          + "champion keeps serving: " + notReady.getMessage());
    }
    ClassifierRegistration challengerRegistration = new ClassifierRegistration(classGroupKey, challenger,
        trained.features(), trained.classes(), Instant.now());
    Evaluation challengerScore = evaluate(challengerRegistration, held);
    control.append(classGroupKey, actor, ModelEvaluated.of(runId, classGroupKey, CHALLENGER, modelName,
        challenger.version(), position, challengerScore));
    Evaluation championScore = null;
    if (champion.isPresent()) {
      championScore = evaluate(champion.get(), heldRows.get(champion.get().features()));
      control.append(classGroupKey, actor, ModelEvaluated.of(runId, classGroupKey, CHAMPION,
          champion.get().model().name(), champion.get().model().version(), position, championScore));
    }
    boolean better = championScore == null || challengerScore.accuracy() - championScore.accuracy() >= margin;
    String scores = "challenger " + percent(challengerScore.accuracy())
        + (championScore == null ? ", no champion" : " against champion " + champion.get().model().version() + " "
            + percent(championScore.accuracy())) + " on " + held.size() + " held-out objects";
    if (!better && !override) {
      return new Outcome(TrainingRun.KEPT_CHAMPION, scores + ": not better by the margin of " + percent(margin));
    }
    try {
      control.activateClassifier(classGroupKey, challenger, trained.features(), trained.classes(), actor);
    } catch (ModelNotReady notReady) {
      return new Outcome(TrainingRun.FAILED, "version " + version + " could not be activated, the champion keeps "
          + "serving: " + notReady.getMessage());
    }
    return new Outcome(TrainingRun.DEPLOYED, scores + (better ? "" : "; deployed on override"));
  }

  private Evaluation evaluate(ClassifierRegistration model, List<LabelledFeatures> held) {
    float[][] rows = held.stream().map(LabelledFeatures::features).toArray(float[][]::new);
    List<String> truth = held.stream().map(LabelledFeatures::classId).toList();
    return Evaluation.of(truth, Evaluation.argmax(classifier.probabilities(model.model(), rows), model.classes()));
  }

  /**
   * The features of every verified box of {@code examples}, with its class, in each of {@code featureSets} (by
   * name; every set gets the same boxes in the same order). Each image is downloaded and decoded once, its boxes'
   * features computed, and let go before the next: a run holds one decoded image at a time, never the whole dataset's.
   * An image that cannot be read is left out.
   */
  private Map<String, List<LabelledFeatures>> labelledFeatures(List<TrainingExample> examples,
      List<BoxFeatures> featureSets) {
    Map<String, List<LabelledFeatures>> rows = new HashMap<>();
    featureSets.forEach(features -> rows.put(features.name(), new ArrayList<>()));
    for (TrainingExample example : examples) {
      for (TrainingExample.ExampleImage image : example.images()) {
        List<AnnotatedObject> objects = example.objectsOn(image.imageIndex()).stream()
            .filter(object -> example.classGroup().hasClass(object.classId()))
            .toList();
        if (objects.isEmpty()) {
          continue;
        }
        BufferedImage pixels;
        try {
          pixels = images.fetch(image.url());
        } catch (RuntimeException e) {
          log.warn("training: image {} of task {} cannot be read and is left out: {}", image.imageIndex(),
              example.taskId(), e.getMessage());
          continue;
        }
        for (AnnotatedObject object : objects) {
          if (BoxClassifier.overlaps(pixels, object.box())) {
            for (BoxFeatures features : featureSets) {
              rows.get(features.name()).add(new LabelledFeatures(object.classId(), features.extract(pixels,
                  object.box())));
            }
          }
        }
      }
    }
    return rows;
  }

  private Outcome skipped(UUID runId, String classGroupKey, String position, String actor, String reason) {
    control.append(classGroupKey, actor, new ModelTrainingSkipped(runId, classGroupKey, position, reason));
    return new Outcome(TrainingRun.SKIPPED, reason);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  /** Takes the class group's training lock on a connection of its own, which the run keeps until it ends. */
  private Connection lock(String classGroupKey) {
    try {
      Connection connection = dataSource.getConnection();
      boolean locked;
      try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
        statement.setInt(1, LOCK_SPACE);
        statement.setString(2, classGroupKey);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          locked = result.getBoolean(1);
        }
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      if (!locked) {
        connection.close();
        throw new TaskRejected(TaskRejected.Reason.CONFLICT,
            "a training run of class group " + classGroupKey + " is in progress");
      }
      return connection;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take the training lock of class group " + classGroupKey, e);
    }
  }

  private static void unlock(Connection connection, String classGroupKey) {
    try (connection; PreparedStatement statement = connection.prepareStatement(
        "SELECT pg_advisory_unlock(?, hashtext(?))")) {
      statement.setInt(1, LOCK_SPACE);
      statement.setString(2, classGroupKey);
      statement.execute();
    } catch (SQLException e) {
      log.error("cannot release the training lock of class group {}; it goes with its connection", classGroupKey, e);
    }
  }
}
