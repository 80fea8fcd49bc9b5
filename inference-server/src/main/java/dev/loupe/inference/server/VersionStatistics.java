package dev.loupe.inference.server;

import dev.loupe.inference.protocol.InferBatchStatistics;
import dev.loupe.inference.protocol.InferStatistics;
import dev.loupe.inference.protocol.ModelStatistics;
import dev.loupe.inference.protocol.StatisticDuration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one loaded model version did since it loaded, as Triton's {@code ModelStatistics} reports it (core
 * src/infer_stats.cc): requests that succeeded and failed with their durations from arrival to answer, the time each
 * waited for an instance or a batch, and per execution the time to turn the inputs into ONNX Runtime tensors
 * (compute_input), to run the session (compute_infer) and to read the outputs back (compute_output). As in Triton,
 * each request of a batch counts the whole execution's compute durations, {@code inference_count} counts the batch
 * rows that succeeded and {@code execution_count} the successful runs; {@code batch_stats} holds one entry per batch
 * size run. There is no response cache here, so its hit and miss figures stay zero.
 */
final class VersionStatistics {

  private final String model;
  private final long version;
  private final Duration success = new Duration();
  private final Duration fail = new Duration();
  private final Duration queue = new Duration();
  private final Duration computeInput = new Duration();
  private final Duration computeInfer = new Duration();
  private final Duration computeOutput = new Duration();
  private final Map<Long, Duration[]> batches = new TreeMap<>();
  private long lastInferenceMillis;
  private long inferenceCount;
  private long executionCount;

  VersionStatistics(String model, long version) {
    this.model = model;
    this.version = version;
  }

  /** A request answered, successfully or not, {@code nanos} after it arrived, at {@code epochMillis}. */
  synchronized void request(boolean succeeded, long nanos, long epochMillis) {
    (succeeded ? success : fail).add(1, nanos);
    lastInferenceMillis = Math.max(lastInferenceMillis, epochMillis);
  }

  /**
   * A successful execution of {@code rows} batch rows for the requests that waited {@code queuedNanos} each, with the
   * durations of its three steps.
   */
  synchronized void execution(long rows, long[] queuedNanos, long inputNanos, long inferNanos, long outputNanos) {
    for (long queued : queuedNanos) {
      queue.add(1, queued);
    }
    int requests = queuedNanos.length;
    computeInput.add(requests, requests * inputNanos);
    computeInfer.add(requests, requests * inferNanos);
    computeOutput.add(requests, requests * outputNanos);
    Duration[] batch = batches.computeIfAbsent(rows, size -> new Duration[] {new Duration(), new Duration(), new Duration()});
    batch[0].add(1, inputNanos);
    batch[1].add(1, inferNanos);
    batch[2].add(1, outputNanos);
    inferenceCount += rows;
    executionCount++;
  }

  /** The figures as Triton's protocol carries them. */
  synchronized ModelStatistics toProtocol() {
    ModelStatistics.Builder statistics = ModelStatistics.newBuilder()
        .setName(model)
        .setVersion(Long.toString(version))
        .setLastInference(lastInferenceMillis)
        .setInferenceCount(inferenceCount)
        .setExecutionCount(executionCount)
        .setInferenceStats(InferStatistics.newBuilder()
            .setSuccess(success.toProtocol())
            .setFail(fail.toProtocol())
            .setQueue(queue.toProtocol())
            .setComputeInput(computeInput.toProtocol())
            .setComputeInfer(computeInfer.toProtocol())
            .setComputeOutput(computeOutput.toProtocol())
            .setCacheHit(StatisticDuration.getDefaultInstance())
            .setCacheMiss(StatisticDuration.getDefaultInstance()));
    batches.forEach((size, durations) -> statistics.addBatchStats(InferBatchStatistics.newBuilder()
        .setBatchSize(size)
        .setComputeInput(durations[0].toProtocol())
        .setComputeInfer(durations[1].toProtocol())
        .setComputeOutput(durations[2].toProtocol())));
    return statistics.build();
  }

  /** A count and a cumulative duration; guarded by the statistics' lock. */
  private static final class Duration {
    private long count;
    private long nanos;

    void add(long times, long duration) {
      count += times;
      nanos += duration;
    }

    StatisticDuration toProtocol() {
      return StatisticDuration.newBuilder().setCount(count).setNs(nanos).build();
    }
  }
}
