package dev.loupe.callbacks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed callback waits before its next try, by the number of the try that failed: 10 s, 1 min, 5 min,
 * then 15 min for every later one, plus up to 20 % jitter so that callbacks failing together do not come back
 * together. A client whose receiver is down, slow or answering 5xx for minutes still gets its result: the recipe's
 * five tries span about 21 minutes (ADR 0032), where the workers' general backoff spans about 30 seconds.
 */
final class CallbackBackoff {

  static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
      Duration.ofMinutes(5), Duration.ofMinutes(15));

  private CallbackBackoff() {}

  /** The wait after try {@code attempt} (1 for the first) failed. */
  static Duration after(int attempt) {
    Duration base = SCHEDULE.get(Math.clamp(attempt, 1, SCHEDULE.size()) - 1);
    return base.plusMillis(ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1));
  }
}
