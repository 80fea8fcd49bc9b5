package dev.loupe.readmodels.projection;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * How a rebuild gets through a moment of Elasticsearch trouble: a page that fails for a reason that passes (a node
 * unreachable, 429, a 5xx) is projected again after a wait that doubles; anything else fails the rebuild at once.
 * Projecting a page again is safe: the fold applies only what the index does not hold yet.
 */
final class RebuildRetries {

  private RebuildRetries() {}

  static Retry of(String readModel, int tries, Duration firstWait) {
    return Retry.of("rebuild-" + readModel, RetryConfig.custom()
        .maxAttempts(tries)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(firstWait, 2.0))
        .retryOnException(RebuildRetries::passes)
        .build());
  }

  static boolean passes(Throwable failure) {
    if (failure instanceof IOException || failure instanceof UncheckedIOException) {
      return true;
    }
    return failure instanceof ElasticsearchException refused && (refused.status() == 429 || refused.status() >= 500);
  }
}
