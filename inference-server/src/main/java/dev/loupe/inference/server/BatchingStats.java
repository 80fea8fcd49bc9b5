package dev.loupe.inference.server;

/**
 * How a model version's dynamic batcher served its requests since it loaded.
 *
 * @param inferences requests served
 * @param executions model runs that served them
 */
public record BatchingStats(long inferences, long executions) {

  /** Requests per model run; 1.0 when nothing was batched (or nothing ran). */
  public double meanBatch() {
    return executions == 0 ? 1.0 : inferences / (double) executions;
  }
}
