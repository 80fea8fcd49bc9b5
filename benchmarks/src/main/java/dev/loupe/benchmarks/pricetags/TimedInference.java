package dev.loupe.benchmarks.pricetags;

import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.inference.InferRequest;
import dev.loupe.inference.InferResult;
import dev.loupe.inference.ModelInference;
import dev.loupe.inference.ModelMetadata;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Times every call the pipeline makes to the model server, per model: an image's latency mixes the server with
 * the pipeline's own pre- and post-processing, which is the same on every system, so the per-call times show
 * the protocol's cost undiluted. Metadata look-ups (the detector and recogniser ask for a model's input name) are
 * timed apart from inferences.
 */
final class TimedInference implements ModelInference {

  /** The key under which metadata look-ups of every model are timed. */
  static final String METADATA = "metadata";

  private final ModelInference delegate;
  private final Map<String, Histogram> calls = new ConcurrentHashMap<>();

  TimedInference(ModelInference delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelMetadata modelMetadata(String model) {
    long start = System.nanoTime();
    try {
      return delegate.modelMetadata(model);
    } finally {
      LatencySummary.recordNanos(histogram(METADATA), System.nanoTime() - start);
    }
  }

  @Override
  public InferResult infer(InferRequest request) {
    long start = System.nanoTime();
    try {
      return delegate.infer(request);
    } finally {
      LatencySummary.recordNanos(histogram(request.model()), System.nanoTime() - start);
    }
  }

  /** Latencies of the calls so far, by model name (and {@link #METADATA}). */
  Map<String, LatencySummary> summaries() {
    Map<String, LatencySummary> summaries = new TreeMap<>();
    calls.forEach((key, histogram) -> summaries.put(key, LatencySummary.of(histogram.copy())));
    return summaries;
  }

  private Histogram histogram(String key) {
    return calls.computeIfAbsent(key, ignored -> new ConcurrentHistogram(LatencySummary.newHistogram()));
  }
}
