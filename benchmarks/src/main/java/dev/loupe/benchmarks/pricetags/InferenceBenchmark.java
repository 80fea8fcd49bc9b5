package dev.loupe.benchmarks.pricetags;

import dev.loupe.inference.server.ClasspathModelRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 5's inference benchmark: renders a seeded set of synthetic shelf photos with known prices, reads it with
 * Loupe's price-tag pipeline (PaddleOCR v4 detector, then recogniser on every detected line) through the embedded
 * model server over gRPC, with dynamic batching on and off, and through ONNX Runtime called in-process; measures
 * detection and reading accuracy, images/s and per-image latency with one client and with several, and writes
 * {@code inference-latest.md} and {@code inference-latest.csv}. Arguments: see {@link InferenceOptions#USAGE}.
 */
public final class InferenceBenchmark {

  private static final Logger log = LoggerFactory.getLogger(InferenceBenchmark.class);

  private final InferenceOptions options;
  private final InferenceReport report;

  private InferenceBenchmark(InferenceOptions options, InferenceReport report) {
    this.options = options;
    this.report = report;
  }

  public static void main(String[] args) throws Exception {
    InferenceOptions options;
    try {
      options = InferenceOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String markdown = PipelineRun.onLargeStack(() -> {
      InferenceReport report = new InferenceReport(String.join(" ", args), Machine.facts(options.threads()));
      new InferenceBenchmark(options, report).run();
      return report.write(options.out().toAbsolutePath().normalize());
    });
    System.out.println();
    System.out.println(markdown);
    log.info("report written to {} (inference-latest.md, inference-latest.csv)", options.out().toAbsolutePath().normalize());
    System.exit(0);
  }

  private void run() throws Exception {
    long began = System.nanoTime();
    List<ShelfImage> set = new PriceTagGenerator(options.seed()).images(options.images());
    int tags = set.stream().mapToInt(image -> image.tags().size()).sum();
    report.setSize(set.size(), tags);
    log.info("rendered {} images with {} tags (seed {}) in {} ms", set.size(), tags, options.seed(),
        (System.nanoTime() - began) / 1_000_000);
    describe();
    Path repository = ClasspathModelRepository.extractTo(Files.createTempDirectory("loupe-bench-models"));
    Map<InferenceSystem, InferenceSystem.Running> started = new LinkedHashMap<>();
    ExecutorService warmUp = Executors.newSingleThreadExecutor(PipelineRun.clientThreads());
    try {
      for (InferenceSystem system : options.systems()) {
        started.put(system, system.start(repository, options.threads()));
        new PipelineRun(system, started.get(system), 1).read(set.subList(0, options.warmup()), warmUp);
        log.info("{} started and warmed up on {} images", system.label(), options.warmup());
      }
      for (int clients : options.clientCounts()) {
        measure(started, set, clients);
      }
    } finally {
      warmUp.shutdown();
      for (InferenceSystem.Running running : started.values()) {
        running.close();
      }
      delete(repository);
    }
    log.info("measured in {} s", (System.nanoTime() - began) / 1_000_000_000);
  }

  private void describe() {
    report.note(("The set: %d images of %d × %d (seed %d) from `PriceTagGenerator`: two shelves of unlabelled "
        + "products above shelf-edge strips, 2–3 tags a strip (white, yellow or red), one price a tag (`12.99 TL`, "
        + "`12,99`, …) in a JVM logical font (SansSerif, Serif, Monospaced, Dialog, DialogInput; plain or bold, "
        + "fitted to the tag), each tag turned by up to ±3°, 30 %% of images blurred (3×3 box), Gaussian noise of "
        + "σ ≤ 10 and ≤ 0.3 %% salt and pepper. Ground truth is the bounding box of the rotated glyph outlines.")
        .formatted(options.images(), PriceTagGenerator.WIDTH, PriceTagGenerator.HEIGHT, options.seed()));
    report.note("The pipeline is the workers' own: `TritonObjectDetector` (PaddleOCR v4 DB detector, the image "
        + "normalised at 960 × 544, boxes unclipped by 1.5) then `TritonTextRecognizer` on each detected box "
        + "(crop scaled to height 48, width ≤ 320, greedy CTC over `ppocr_keys_v1.txt`), each pass with new "
        + "instances of both. Their metadata look-ups (a model's input name) count in the image latency and are "
        + "timed apart under \"metadata look-up\", with how often they happened.");
    report.note(("Everything runs in one JVM: the gRPC systems each start an `EmbeddedModelServer` on a free "
        + "loopback port and call it through `TritonClient` (plaintext, Netty); the in-process system calls ONNX "
        + "Runtime on the same ONNX files with the same session options. Server, clients and in-process sessions "
        + "share the machine's cores. Each system first reads %d images unmeasured. Then the systems take turns, in "
        + "rotating order: with 1 client image by image, so every image's latency is measured on each system "
        + "within a second or so; with %d clients %s at a time (throughput counts the wall time of "
        + "the system's own turns). Drift in the machine's load thus hits every system alike.")
        .formatted(options.warmup(), options.clients(), options.rounds() == 1 ? "the whole set" : "1/" + options.rounds() + " of the set"));
    report.note("Dynamic batching follows the models' `config.pbtxt` (max queue delay 2 ms; max batch 8 for the "
        + "detector, 32 for the recogniser). Only requests of equal shape batch: every detector input is "
        + "960 × 544, but recogniser crops vary in width, so they rarely meet. With one client nothing can batch, "
        + "and each call waits out the queue delay for a partner. The batcher runs one batch at a time per model "
        + "(one model instance, as `instance_group` count 1 says), where the unbatched server and the in-process "
        + "system run concurrent calls on the same session side by side.");
    report.note("Readings count as exact when they equal the printed price once spaces are dropped from both "
        + "(the recogniser's spacing varies with the font; the price does not); \"spaces too\" counts only "
        + "identical strings. CER is the Levenshtein distance over the printed price's length, spaces dropped.");
  }

  /**
   * One pass of every system over the set with {@code clients} clients, the systems taking turns portion by
   * portion, in rotating order: one image at a time with one client (so each image's latencies are paired across
   * systems), a {@code --rounds}th of the set at a time with more (so the clients stay busy).
   */
  private void measure(Map<InferenceSystem, InferenceSystem.Running> started, List<ShelfImage> set, int clients)
      throws InterruptedException {
    List<InferenceSystem> systems = List.copyOf(started.keySet());
    Map<InferenceSystem, PipelineRun> runs = new LinkedHashMap<>();
    systems.forEach(system -> runs.put(system, new PipelineRun(system, started.get(system), clients)));
    int portion = clients == 1 ? 1 : Math.ceilDiv(set.size(), options.rounds());
    ExecutorService executor = Executors.newFixedThreadPool(clients, PipelineRun.clientThreads());
    try {
      for (int from = 0, turn = 0; from < set.size(); from += portion, turn++) {
        List<ShelfImage> images = set.subList(from, Math.min(set.size(), from + portion));
        for (int s = 0; s < systems.size(); s++) {
          runs.get(systems.get((turn + s) % systems.size())).read(images, executor);
        }
      }
    } finally {
      executor.shutdown();
    }
    runs.values().forEach(run -> report.add(logged(run.result())));
  }

  private static RunResult logged(RunResult run) {
    Accuracy a = run.accuracy();
    log.info("{} x{}: {} images/s, p50 {} ms, p99 {} ms; precision {}, recall {}, exact {}, CER {}",
        run.system().key(), run.clients(), InferenceReport.rate(run.imagesPerSecond()),
        InferenceReport.millis(run.latency().p50Millis()), InferenceReport.millis(run.latency().p99Millis()),
        InferenceReport.percent(a.precision()), InferenceReport.percent(a.recall()),
        InferenceReport.percent(a.exactMatchRate()), InferenceReport.percent(a.characterErrorRate()));
    return run;
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
