package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.benchmarks.MachineFacts;
import dev.loupe.benchmarks.learning.Baselines;
import dev.loupe.benchmarks.learning.ProductClass;
import dev.loupe.benchmarks.learning.ProductShelf;
import dev.loupe.benchmarks.learning.ProductShelfGenerator;
import dev.loupe.benchmarks.learning.ShelfProduct;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 17's learning-curve benchmark, {@code ./loupe bench learning}: starts Loupe's local distribution as a child
 * process, serves the synthetic product shelves ({@link ProductShelfGenerator}) on 127.0.0.1, and has one simulated
 * operator work product-detection tasks of those shelves one after another. For each ground-truth product the operator
 * draws its box, asks for a suggestion ({@code POST /api/v1/sessions/{id}/suggestions}), notes whether the suggested
 * class is the true one (the suggestion kept) and labels the box with the true class; the two baselines guess the same
 * box. When the verified objects pass a checkpoint the harness starts a training run
 * ({@code POST /api/v1/models/{group}/train}) and waits for its outcome. Writes {@code learning-latest.md} and
 * {@code .csv}. A harness, not a test: nothing asserts a time. The child is stopped at the end, whatever happened.
 */
public final class LearningBenchmark {

  private static final Logger log = LoggerFactory.getLogger(LearningBenchmark.class);
  static final String CLASS_GROUP = "bench-products";
  private static final Duration POLL = Duration.ofMillis(250);

  private final LearningOptions options;
  private final LearningReport report;
  private final Set<String> recordedRuns = new HashSet<>();

  private LearningBenchmark(LearningOptions options, LearningReport report) {
    this.options = options;
    this.report = report;
  }

  public static void main(String[] args) throws Exception {
    LearningOptions options = RunReport.optionsOrExit(() -> LearningOptions.parse(args));
    LearningReport report = new LearningReport(String.join(" ", args), MachineFacts.collect(),
        MachineFacts.loadAverage(), options.checkpoints());
    report.runAndExit(() -> new LearningBenchmark(options, report).run(), options.out());
  }

  private void run() throws Exception {
    List<ProductShelf> shelves = shelves(options.objectsToVerify());
    List<byte[]> pngs = new ArrayList<>();
    for (ProductShelf shelf : shelves) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(shelf.image(), "png", png);
      pngs.add(png.toByteArray());
    }
    report.fact("synthetic set", shelves.size() + " shelf images (" + ProductShelfGenerator.WIDTH + " × "
        + ProductShelfGenerator.HEIGHT + ", seed " + options.seed() + "), "
        + shelves.stream().mapToInt(shelf -> shelf.products().size()).sum() + " products of "
        + ProductClass.CATALOGUE.size() + " classes");
    Path runDirectory = LoupeProcess.newRunDirectory("loupe-learning-");
    boolean failed = true;
    try (LoopbackServer loopback = new LoopbackServer(pngs, (taskId, arrived) -> { });
        LoupeProcess loupe = LoupeProcess.start(options.appJar(), options.appHeap(), runDirectory,
            LoupeProcess.freePort(), UUID.randomUUID().toString(), List.of())) {
      long starting = System.nanoTime();
      loupe.awaitHealthy(options.startupTimeout());
      report.fact("Loupe", "`" + options.appJar() + "` as a child process, -Xmx" + options.appHeap()
          + ", healthy after " + Math.round((System.nanoTime() - starting) / 1e9) + " s");
      LoupeApi admin = new LoupeApi(loupe.baseUri()).signedIn("admin", loupe.adminPassword());
      LoupeApi operator = admin.operators(1).getFirst();
      operate(admin, operator, loopback, shelves);
      recordPolicyRuns(admin);
      failed = false;
    } finally {
      report.keepOrDelete(runDirectory, failed);
    }
  }

  /** The first shelves of the seed's set whose products add up to at least {@code objects}. */
  private List<ProductShelf> shelves(int objects) {
    ProductShelfGenerator generator = new ProductShelfGenerator(options.seed());
    List<ProductShelf> shelves = new ArrayList<>();
    int products = 0;
    while (products < objects) {
      ProductShelf shelf = generator.image(shelves.size());
      shelves.add(shelf);
      products += shelf.products().size();
    }
    return shelves;
  }

  private void operate(LoupeApi admin, LoupeApi operator, LoopbackServer loopback, List<ProductShelf> shelves)
      throws IOException, InterruptedException {
    List<Map<String, String>> classes = ProductClass.CATALOGUE.stream()
        .map(product -> Map.of("id", product.id(), "name", product.name())).toList();
    Baselines baselines = new Baselines();
    int verified = 0;
    int nextCheckpoint = 0;
    for (ProductShelf shelf : shelves) {
      String taskId = createTask(admin, shelf, classes, loopback);
      awaitStatus(admin, taskId, "WAITING_FOR_OPERATOR");
      String session = operator.claim(taskId).orElseThrow(() -> new IOException("task " + taskId + " was claimed"));
      List<Map<String, Object>> objects = new ArrayList<>();
      List<double[]> colours = new ArrayList<>();
      for (ShelfProduct product : shelf.products()) {
        Map<String, Object> box = Map.of("x", product.box().x(), "y", product.box().y(), "w", product.box().w(),
            "h", product.box().h());
        double[] colour = Baselines.meanColour(shelf.image(), product.box());
        long asked = System.nanoTime();
        Optional<JsonNode> suggestion = operator.suggest(session, 0, box);
        double millis = (System.nanoTime() - asked) / 1e6;
        report.curve.add(new LearningCurve.Observation(verified, product.classId(),
            suggestion.map(s -> s.path("classId").asText()).orElse(null),
            suggestion.map(s -> s.path("confidence").asDouble()).orElse(Double.NaN),
            suggestion.map(s -> s.path("version").asText()).orElse(null), millis,
            baselines.majorityClass().orElse(null), baselines.nearestMeanColour(colour).orElse(null)));
        objects.add(Map.of("imageIndex", 0, "box", box, "classId", product.classId()));
        colours.add(colour);
      }
      operator.finish(session, objects);
      awaitStatus(admin, taskId, "DONE");
      for (int i = 0; i < objects.size(); i++) {
        baselines.verified(shelf.products().get(i).classId(), colours.get(i));
      }
      verified += objects.size();
      log.info("task {} (shelf {}) done: {} objects verified", taskId, shelf.index(), verified);
      if (nextCheckpoint < options.checkpoints().size() && verified >= options.checkpoints().get(nextCheckpoint)) {
        train(admin, verified);
        while (nextCheckpoint < options.checkpoints().size() && verified >= options.checkpoints().get(nextCheckpoint)) {
          nextCheckpoint++;
        }
      }
      if (verified >= options.objectsToVerify()) {
        return;
      }
    }
  }

  /**
   * Creates the shelf's task; a 429 (Loupe at capacity) or a 5xx answer (the engine did not answer in time) is asked
   * again with the same idempotency key until the task timeout, as a client would.
   */
  private String createTask(LoupeApi admin, ProductShelf shelf, List<Map<String, String>> classes,
      LoopbackServer loopback) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + options.taskTimeout().toNanos();
    while (true) {
      HttpResponse<String> created = admin.submitTask("learning-" + options.seed() + "-" + shelf.index(), CLASS_GROUP,
          classes, loopback.imageUrl(shelf.index()), loopback.callbackUrl());
      if (created.statusCode() == 202 || created.statusCode() == 200) { // 200: an earlier attempt created it
        return LoupeApi.JSON.readTree(created.body()).path("id").asText();
      }
      boolean later = created.statusCode() >= 500 || created.statusCode() == 429;
      if (!later || System.nanoTime() > deadline) {
        throw new IOException("POST /api/v1/tasks answered " + created.statusCode() + ": " + created.body());
      }
      log.warn("POST /api/v1/tasks answered {} for shelf {}: asking again", created.statusCode(), shelf.index());
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Starts a run (after any run already in progress, a policy's, has ended) and waits for its outcome. */
  private void train(LoupeApi admin, int verified) throws IOException, InterruptedException {
    long asked = System.nanoTime();
    long deadline = asked + options.trainTimeout().toNanos();
    HttpResponse<String> started = admin.train(CLASS_GROUP, options.override());
    while (started.statusCode() == 409 && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      started = admin.train(CLASS_GROUP, options.override());
    }
    if (started.statusCode() != 202) {
      throw new IOException("POST /api/v1/models/" + CLASS_GROUP + "/train answered " + started.statusCode() + ": "
          + started.body());
    }
    String runId = LoupeApi.JSON.readTree(started.body()).path("runId").asText();
    log.info("training run {} started at {} verified objects", runId, verified);
    while (true) {
      Optional<JsonNode> run = runs(admin).stream().filter(r -> r.path("runId").asText().equals(runId)).findFirst();
      double seconds = (System.nanoTime() - asked) / 1e9;
      if (run.isPresent() && !run.get().path("status").asText().equals("RUNNING")) {
        TrainingOutcome outcome = TrainingOutcome.of(run.get(), verified, seconds);
        report.runs.add(outcome);
        recordedRuns.add(runId);
        log.info("training run {}: {} in {} ({})", runId, outcome.status(),
            LearningReport.seconds(outcome.trainingSeconds()), outcome.reason());
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("training run " + runId + " had not ended after " + options.trainTimeout().toSeconds()
            + " s");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Adds the runs the harness did not ask for (the automatic policy's) to the report. */
  private void recordPolicyRuns(LoupeApi admin) throws IOException, InterruptedException {
    for (JsonNode run : runs(admin)) {
      if (!recordedRuns.contains(run.path("runId").asText())) {
        report.runs.add(TrainingOutcome.of(run, -1, Double.NaN));
      }
    }
  }

  private static List<JsonNode> runs(LoupeApi admin) throws IOException, InterruptedException {
    List<JsonNode> runs = new ArrayList<>();
    admin.get("/api/v1/models/" + CLASS_GROUP + "/training-runs").forEach(runs::add);
    return runs;
  }

  /** Polls the task's view until it has {@code status}; fails on a dead end or after the task timeout. */
  private void awaitStatus(LoupeApi admin, String taskId, String status) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + options.taskTimeout().toNanos();
    while (true) { // polls after every sleep: a pause of the whole machine pauses Loupe too
      Optional<JsonNode> view = admin.task(taskId);
      String seen = view.map(v -> v.path("status").asText()).orElse("absent");
      if (seen.equals(status)) {
        return;
      }
      if (Set.of("REJECTED", "DELIVERY_FAILED", "CANCELLED").contains(seen)) {
        throw new IOException("task " + taskId + " ended " + seen + " while the harness waited for " + status);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("task " + taskId + " was still " + seen + " after " + options.taskTimeout().toSeconds()
            + " s; the harness waited for " + status);
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
