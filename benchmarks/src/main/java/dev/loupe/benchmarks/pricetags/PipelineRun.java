package dev.loupe.benchmarks.pricetags;

import dev.loupe.benchmarks.pricetags.PriceTagPipeline.Reading;
import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.inference.server.BatchingStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * One system's measured pass over the set at one client count, read in portions so that the benchmark can take
 * turns between systems (a machine whose load drifts then slows every system alike). Within a portion the clients
 * run closed-loop: each takes the next image nobody has taken, reads it, and takes the next. Every image of the
 * set is read once per pass, so accuracy is over the whole set whatever the concurrency.
 */
final class PipelineRun {

  private static final long STACK_BYTES = 64L * 1024 * 1024;
  private static final List<String> MODELS = List.of("text_detection", "text_recognition");

  private final InferenceSystem system;
  private final InferenceSystem.Running running;
  private final int clients;
  private final TimedInference timed;
  private final PriceTagPipeline pipeline;
  private final Histogram latency = LatencySummary.newHistogram();
  private final Map<Integer, ShelfImage> images = new LinkedHashMap<>();
  private final Map<Integer, List<Reading>> readings = new LinkedHashMap<>();
  private final Map<String, BatchingStats> batching = new LinkedHashMap<>();
  private long wallNanos;

  PipelineRun(InferenceSystem system, InferenceSystem.Running running, int clients) {
    this.system = system;
    this.running = running;
    this.clients = clients;
    this.timed = new TimedInference(running.models());
    this.pipeline = new PriceTagPipeline(timed);
    MODELS.forEach(model -> batching.put(model, new BatchingStats(0, 0)));
  }

  /**
   * Reads {@code portion} with this run's number of clients on {@code executor}'s threads (at least that many,
   * with large stacks: see {@link #clientThreads()}), adding its wall time, latencies and readings to the run.
   */
  void read(List<ShelfImage> portion, ExecutorService executor) throws InterruptedException {
    Map<String, BatchingStats> before = batchingStats();
    AtomicInteger next = new AtomicInteger();
    List<Histogram> latencies = new ArrayList<>();
    List<Future<Map<Integer, List<Reading>>>> tasks = new ArrayList<>();
    long start = System.nanoTime();
    for (int client = 0; client < clients; client++) {
      Histogram clientLatency = LatencySummary.newHistogram();
      latencies.add(clientLatency);
      tasks.add(executor.submit(() -> {
        Map<Integer, List<Reading>> mine = new LinkedHashMap<>();
        for (int i = next.getAndIncrement(); i < portion.size(); i = next.getAndIncrement()) {
          long began = System.nanoTime();
          List<Reading> found = pipeline.read(portion.get(i).image());
          LatencySummary.recordNanos(clientLatency, System.nanoTime() - began);
          mine.put(i, found);
        }
        return mine;
      }));
    }
    try {
      for (Future<Map<Integer, List<Reading>>> task : tasks) {
        task.get().forEach((i, found) -> {
          images.put(portion.get(i).index(), portion.get(i));
          readings.put(portion.get(i).index(), found);
        });
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("the pipeline failed on " + system.key() + ": " + e.getCause().getMessage(),
          e.getCause());
    }
    wallNanos += System.nanoTime() - start;
    latencies.forEach(latency::add);
    Map<String, BatchingStats> after = batchingStats();
    for (String model : MODELS) {
      BatchingStats sum = batching.get(model);
      batching.put(model, new BatchingStats(
          sum.inferences() + after.get(model).inferences() - before.get(model).inferences(),
          sum.executions() + after.get(model).executions() - before.get(model).executions()));
    }
  }

  /** What the run measured over every portion read so far. */
  RunResult result() {
    Accuracy accuracy = Accuracy.NONE;
    for (Map.Entry<Integer, ShelfImage> image : images.entrySet()) {
      accuracy = accuracy.plus(Accuracy.score(image.getValue().tags(), readings.get(image.getKey())));
    }
    Map<String, Double> meanBatch = new LinkedHashMap<>();
    batching.forEach((model, stats) -> meanBatch.put(model, stats.meanBatch()));
    return new RunResult(system, clients, images.size(), wallNanos, LatencySummary.of(latency), timed.summaries(),
        meanBatch, accuracy);
  }

  private Map<String, BatchingStats> batchingStats() {
    Map<String, BatchingStats> stats = new LinkedHashMap<>();
    MODELS.forEach(model -> stats.put(model, running.batching(model)));
    return stats;
  }

  /**
   * Threads for the clients, with 64 MiB stacks: the in-process system calls ONNX Runtime from them, and its
   * native library needs the stack (see the inference module's notes).
   */
  static ThreadFactory clientThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(null, task, "pipeline-client-" + count.incrementAndGet(), STACK_BYTES);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Runs {@code task} on a fresh client thread and waits for it: for whatever first touches ONNX Runtime. */
  static <T> T onLargeStack(Callable<T> task) throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(clientThreads());
    try {
      return executor.submit(task).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } finally {
      executor.shutdown();
    }
  }
}
