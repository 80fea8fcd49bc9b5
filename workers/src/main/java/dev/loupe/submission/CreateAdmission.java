package dev.loupe.submission;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Admission control of task creations on this instance, as Zeebe's brokers apply backpressure to commands: an
 * adaptive limit on creations in flight (Netflix's concurrency-limits, the Vegas algorithm Zeebe uses) that shrinks
 * when a creation's round trip (the journal append and the recipe's start in Zeebe) grows beyond what the quietest
 * one took, which is queueing, and grows back when it falls. A creation beyond the limit is refused at once with
 * {@link AtCapacity} (429 and {@code Retry-After}): nothing is recorded, and the client sends it again later with
 * the same {@code Idempotency-Key}. Without it, an overloaded instance takes every task, answers each after seconds,
 * and its engine falls further behind the more it takes. {@code loupe.admission.enabled=false} takes everything
 * (ADR 0034).
 */
@Component
public class CreateAdmission {

  /** How long a refused client is asked to wait. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final boolean enabled;
  private final SimpleLimiter<Void> limiter;
  private final Counter refused;

  CreateAdmission(
      @Value("${loupe.admission.enabled:true}") boolean enabled,
      @Value("${loupe.admission.initial-limit:20}") int initialLimit,
      @Value("${loupe.admission.max-limit:200}") int maxLimit,
      MeterRegistry meters) {
    if (initialLimit < 1 || maxLimit < initialLimit) {
      throw new IllegalArgumentException("loupe.admission needs 1 ≤ initial-limit ≤ max-limit, not "
          + initialLimit + " and " + maxLimit);
    }
    this.enabled = enabled;
    this.limiter = SimpleLimiter.newBuilder()
        .named("task-creations")
        .limit(VegasLimit.newBuilder().initialLimit(initialLimit).maxConcurrency(maxLimit).build())
        .build();
    this.refused = Counter.builder("loupe.admission.refused")
        .description("task creations refused because the instance was at its limit").register(meters);
    Gauge.builder("loupe.admission.limit", limiter, SimpleLimiter::getLimit)
        .description("task creations this instance lets run at once now").register(meters);
    Gauge.builder("loupe.admission.inflight", limiter, SimpleLimiter::getInflight)
        .description("task creations running now").register(meters);
  }

  /**
   * Runs {@code creation} when the limit lets it in. Its round trip counts towards the limit when it recorded a task:
   * {@code counts} says so of its result (a repeated request that found its task made no journal append and says
   * nothing of the load). A creation that failed because the database did not answer counts as a drop, which shrinks
   * the limit as Vegas does on a loss; any other failure (a bad request, a conflict, text the database cannot store)
   * is the request's own and is left out.
   *
   * @throws AtCapacity when as many creations as the limit allows are running already
   */
  public <T> T admit(Supplier<T> creation, Predicate<T> counts) {
    if (!enabled) {
      return creation.get();
    }
    Optional<Limiter.Listener> admitted = limiter.acquire(null);
    if (admitted.isEmpty()) {
      refused.increment();
      throw new AtCapacity(limiter.getLimit());
    }
    Limiter.Listener listener = admitted.get();
    boolean sampled = false;
    try {
      T created = creation.get();
      if (counts.test(created)) {
        listener.onSuccess();
        sampled = true;
      }
      return created;
    } catch (TransientDataAccessException | DataAccessResourceFailureException overloaded) {
      listener.onDropped();
      sampled = true;
      throw overloaded;
    } finally {
      if (!sampled) {
        listener.onIgnore();
      }
    }
  }

  /** The limit now: how many creations may run at once. */
  public int limit() {
    return limiter.getLimit();
  }

  /** A creation refused because this instance runs as many as its limit allows. */
  public static final class AtCapacity extends RuntimeException {

    public AtCapacity(int limit) {
      super("Loupe is at capacity (" + limit + " task creations at once on this instance); nothing was recorded: "
          + "send the same request again, with the same Idempotency-Key, in " + RETRY_AFTER.toSeconds() + " s");
    }

    /** Seconds the client should wait before it sends the request again. */
    public long retryAfterSeconds() {
      return RETRY_AFTER.toSeconds();
    }
  }
}
