package dev.loupe.benchmarks.pricetags;

import dev.loupe.benchmarks.report.LatencySummary;
import java.util.Map;

/**
 * One measured pass over the set: which system, how many clients, how long it took, each image's latency, each
 * model call's latency, how the server batched, and what the pipeline found and read.
 *
 * @param images images processed
 * @param wallNanos from the first client's start to the last one's end
 * @param latency one image, detection and every reading included
 * @param calls latency of one model call, by model name and {@link TimedInference#METADATA}
 * @param meanBatch requests per model execution in the server's batcher, by model name (1.0: none batched)
 */
record RunResult(InferenceSystem system, int clients, int images, long wallNanos, LatencySummary latency,
    Map<String, LatencySummary> calls, Map<String, Double> meanBatch, Accuracy accuracy) {

  public RunResult {
    calls = Map.copyOf(calls);
    meanBatch = Map.copyOf(meanBatch);
  }

  double imagesPerSecond() {
    return images / (wallNanos / 1e9);
  }
}
