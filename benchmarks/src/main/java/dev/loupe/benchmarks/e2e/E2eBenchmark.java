package dev.loupe.benchmarks.e2e;

import dev.loupe.benchmarks.MachineFacts;
import dev.loupe.benchmarks.e2e.E2eOptions.LoadStep;
import dev.loupe.benchmarks.pricetags.InProcessDetection;
import dev.loupe.benchmarks.pricetags.PriceTagGenerator;
import dev.loupe.benchmarks.pricetags.ShelfImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 11's end-to-end benchmark, {@code ./loupe bench e2e}: starts Loupe's local distribution as a child process
 * on free ports with a fresh data directory, drives the operator path and the automatic path over REST in steps of
 * offered load, runs the projection-only steps against Loupe's read side and against a baseline of the old
 * projector, and writes {@code e2e-latest.md} and {@code e2e-latest.csv}. A harness, not a test: nothing asserts a
 * time. Arguments: see {@link E2eOptions#USAGE}. The child application is stopped (SIGTERM, then wait) at the end,
 * whatever happened.
 */
public final class E2eBenchmark {

  private static final Logger log = LoggerFactory.getLogger(E2eBenchmark.class);
  private static final String OPERATOR_CLASS_GROUP = "bench-no-model";
  private static final String AUTOMATIC_CLASS_GROUP = "bench-shelves";
  private static final Duration CATCH_UP = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final Duration PROJECTION_CATCH_UP = Duration.ofSeconds(30);
  private static final Duration WARM_UP_DRAIN = Duration.ofSeconds(15);

  private final E2eOptions options;
  private final E2eReport report;
  private final Map<String, TaskTimeline> byTaskId = new ConcurrentHashMap<>();

  private E2eBenchmark(E2eOptions options, E2eReport report) {
    this.options = options;
    this.report = report;
  }

  public static void main(String[] args) throws Exception {
    E2eOptions options = RunReport.optionsOrExit(() -> E2eOptions.parse(args));
    E2eReport report = new E2eReport(String.join(" ", args), MachineFacts.collect(), MachineFacts.loadAverage());
    report.runAndExit(() -> new E2eBenchmark(options, report).run(), options.out());
  }

  private void run() throws Exception {
    Path runDirectory = LoupeProcess.newRunDirectory("loupe-e2e-");
    List<byte[]> images = options.measures("automatic") ? renderImages() : List.of();
    if (options.measures("automatic")) {
      inProcessReference(images);
    }
    boolean failed = true;
    try (LoopbackServer loopback = new LoopbackServer(images, this::callbackArrived)) {
      try (LoupeProcess loupe = LoupeProcess.start(options.appJar(), options.appHeap(), runDirectory)) {
        LoupeApi api = signedIn(loupe, "Loupe");
        String kafka = loupe.requireEmbeddedAddress("Kafka");
        try (ReadSide readSide = new ReadSide(api, kafka, loupe.requireEmbeddedAddress("Elasticsearch"))) {
          report.fact("read side", "`GET /api/v1/read-models` "
              + (readSide.reportsReadModels() ? "answers (lag sampled from it)" : "absent: reported lag n/a")
              + "; " + ReadSide.TOPIC + " has " + readSide.taskTopicPartitions() + " partition(s)");
          // the automatic path first: the operator path's highest steps can overload Loupe for minutes
          if (options.measures("automatic")) {
            automaticPath(api, readSide, loopback, images);
            settle();
          }
          if (options.measures("operator")) {
            report.steps.addAll(operatorPath(api, readSide, loopback));
          }
          if (options.measures("projection")) {
            projectionOnly(readSide, kafka);
          }
        }
      }
      if (options.measures("operator") && options.secondLoupe() != SecondLoupe.NONE) {
        secondLoupe(loopback);
      }
      failed = false;
    } finally {
      report.keepOrDelete(runDirectory, failed);
    }
  }

  /**
   * The operator path again, on a second Loupe with one change undone ({@link SecondLoupe}): the same steps, one
   * after the other on the same machine, so that the report can set the two side by side.
   */
  private void secondLoupe(LoopbackServer loopback) throws Exception {
    SecondLoupe second = options.secondLoupe();
    Path runDirectory = LoupeProcess.newRunDirectory("loupe-e2e-" + second.option + "-");
    boolean failed = true;
    try (LoupeProcess loupe = LoupeProcess.start(options.appJar(), options.appHeap(), runDirectory,
        LoupeProcess.freePort(), UUID.randomUUID().toString(), second.systemProperties)) {
      LoupeApi api = signedIn(loupe, "second Loupe (" + second.option + ")");
      try (ReadSide readSide = new ReadSide(api, loupe.requireEmbeddedAddress("Kafka"),
          loupe.requireEmbeddedAddress("Elasticsearch"))) {
        log.info("operator path again, on a second Loupe: {}", second.title);
        report.secondLoupe = second;
        report.secondLoupeSteps.addAll(operatorPath(api, readSide, loopback));
      }
      failed = false;
    } finally {
      report.keepOrDelete(runDirectory, failed);
    }
  }

  private LoupeApi signedIn(LoupeProcess loupe, String name) throws Exception {
    long starting = System.nanoTime();
    loupe.awaitHealthy(options.startupTimeout());
    report.fact(name, "`" + options.appJar() + "` as a child process, -Xmx" + options.appHeap() + ", healthy after "
        + Math.round((System.nanoTime() - starting) / 1e9) + " s; Kafka " + loupe.requireEmbeddedAddress("Kafka")
        + ", Elasticsearch " + loupe.requireEmbeddedAddress("Elasticsearch"));
    return new LoupeApi(loupe.baseUri()).signedIn("admin", loupe.adminPassword());
  }

  private List<StepResult> operatorPath(LoupeApi api, ReadSide readSide, LoopbackServer loopback) throws Exception {
    log.info("operator path: warming up");
    new TaskStep(api, readSide, TaskStep.Path.OPERATOR, new LoadStep(5), options, Duration.ofSeconds(3),
        WARM_UP_DRAIN, OPERATOR_CLASS_GROUP, n -> "http://127.0.0.1:9/shelf-" + n + ".jpg",
        loopback.callbackUrl(), byTaskId).run();
    List<StepResult> steps = new ArrayList<>();
    for (LoadStep step : options.operatorSteps()) {
      long backlog = readSide.awaitCaughtUp(CATCH_UP);
      log.info("operator path: {} offered (read side backlog before: {})", step.label(), backlog);
      steps.add(new TaskStep(api, readSide, TaskStep.Path.OPERATOR, step, options, options.stepDuration(),
          options.drainTimeout(), OPERATOR_CLASS_GROUP, n -> "http://127.0.0.1:9/shelf-" + n + ".jpg",
          loopback.callbackUrl(), byTaskId).run());
    }
    return steps;
  }

  private void automaticPath(LoupeApi api, ReadSide readSide, LoopbackServer loopback, List<byte[]> images)
      throws Exception {
    api.registerModel(AUTOMATIC_CLASS_GROUP, "text_detection", "1");
    log.info("automatic path: warming up");
    new TaskStep(api, readSide, TaskStep.Path.AUTOMATIC, new LoadStep(1), options, Duration.ofSeconds(3),
        WARM_UP_DRAIN, AUTOMATIC_CLASS_GROUP, n -> loopback.imageUrl(n % images.size()),
        loopback.callbackUrl(), byTaskId).run();
    for (LoadStep step : options.automaticSteps()) {
      long backlog = readSide.awaitCaughtUp(CATCH_UP);
      log.info("automatic path: {} offered (read side backlog before: {})", step.label(), backlog);
      report.steps.add(new TaskStep(api, readSide, TaskStep.Path.AUTOMATIC, step, options, options.stepDuration(),
          options.drainTimeout(), AUTOMATIC_CLASS_GROUP, n -> loopback.imageUrl(n % images.size()),
          loopback.callbackUrl(), byTaskId).run());
    }
  }

  /** The automatic path's reference, measured before Loupe starts so that nothing of Loupe's shares the cores. */
  private void inProcessReference(List<byte[]> images) throws Exception {
    int clients = Runtime.getRuntime().availableProcessors();
    report.inProcessImagesPerSecond = InProcessDetection.imagesPerSecond(images, options.threads(), clients, 2);
    log.info("in-process reference: {} images/s ({} clients, {} intra-op threads)",
        E2eReport.rate(report.inProcessImagesPerSecond), clients, options.threads());
    report.note(("In-process reference: the same %d PNGs decoded and run through the workers' `TritonObjectDetector` "
        + "on ONNX Runtime in the harness's JVM, %d clients × %d intra-op threads, twice over, before Loupe started.")
        .formatted(images.size(), clients, options.threads()));
  }

  private void projectionOnly(ReadSide readSide, String kafka) throws Exception {
    if (options.baseline()) {
      int partitions = readSide.taskTopicPartitions();
      String flatTopic = "bench.baseline-flat.task";
      String pacedTopic = "bench.baseline-paced.task";
      readSide.kafka().createTopics(List.of(new NewTopic(flatTopic, partitions, (short) 1),
          new NewTopic(pacedTopic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      Duration budget = options.baselineBudget();
      try (BaselineProjector baseline = BaselineProjector.start(readSide.elasticsearch(), kafka, flatTopic)) {
        report.projections.add(new ProjectionStep(readSide, "baseline", kafka, flatTopic, BaselineProjector.INDEX,
            baseline::handled).flatOut(options.projectionEvents(), budget));
      }
      try (BaselineProjector baseline = BaselineProjector.start(readSide.elasticsearch(), kafka, pacedTopic)) {
        Duration publish = options.projectionDuration().compareTo(budget) < 0 ? options.projectionDuration() : budget;
        Duration drain = budget.minus(publish).isNegative() || budget.minus(publish).isZero()
            ? Duration.ofSeconds(1) : budget.minus(publish);
        report.projections.add(new ProjectionStep(readSide, "baseline", kafka, pacedTopic, BaselineProjector.INDEX,
            baseline::handled).paced(options.projectionRate(), publish, drain));
      }
    }
    long backlog = readSide.awaitCaughtUp(PROJECTION_CATCH_UP);
    log.info("projection-only on Loupe (read side backlog before: {})", backlog);
    if (backlog != 0) {
      report.note("Before Loupe's projection-only steps its tasks consumer still had " + backlog + " events of the "
          + "task paths to read (after waiting " + PROJECTION_CATCH_UP.toSeconds() + " s): the published streams "
          + "queued behind them; \"projector events/s\" counts every event the projector handled.");
    }
    ProjectionStep loupe = new ProjectionStep(readSide, "loupe", kafka, ReadSide.TOPIC, "tasks",
        readSide::tasksProjectionHandled);
    report.projections.add(loupe.flatOut(options.projectionEvents(), options.projectionDrainTimeout()));
    backlog = readSide.awaitCaughtUp(CATCH_UP);
    if (backlog != 0) {
      report.note("Before Loupe's paced projection-only step its tasks consumer still had " + backlog
          + " events to read (after waiting " + CATCH_UP.toSeconds() + " s): the lag includes that backlog.");
    }
    report.projections.add(loupe.paced(options.projectionRate(), options.projectionDuration(),
        options.projectionDrainTimeout()));
  }

  /**
   * Waits, at most {@link #SETTLE}, until every automatic task created so far has had its callback (or failed):
   * tasks still queued for inference would otherwise take the cores from the operator path.
   */
  private void settle() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    long inFlight = inFlight();
    while (inFlight > 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      inFlight = inFlight();
    }
    log.info("automatic path settled: {} tasks still without a callback", inFlight);
    if (inFlight > 0) {
      report.note(inFlight + " automatic-path tasks still had no callback " + SETTLE.toSeconds() + " s after its last "
          + "step; they were still being worked on while the operator path ran.");
    }
  }

  private long inFlight() {
    return byTaskId.values().stream().filter(task -> task.callbackArrived == 0 && task.failure == null).count();
  }

  private void callbackArrived(String taskId, long nanos) {
    TaskTimeline task = byTaskId.get(taskId);
    if (task != null && task.callbackArrived == 0) {
      task.callbackArrived = Clock.fromNanos(nanos);
    }
  }

  private List<byte[]> renderImages() throws IOException {
    List<byte[]> pngs = new ArrayList<>();
    for (ShelfImage image : new PriceTagGenerator(options.seed()).images(options.images())) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image.image(), "png", png);
      pngs.add(png.toByteArray());
    }
    log.info("rendered {} shelf images ({} × {}, PNG)", pngs.size(), PriceTagGenerator.WIDTH, PriceTagGenerator.HEIGHT);
    return pngs;
  }

}
