package dev.loupe.detection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How many images this instance works on at once on the automatic path. Decoding an image, turning it into a tensor,
 * the model call and reading boxes out of its answer are CPU work; Zeebe hands Loupe as many jobs at once as it has
 * execution threads, which on a small machine is more than its cores. Each job takes a slot for that work and gives
 * it back after; jobs beyond the slots wait, first come first served, holding no image yet. Downloads wait outside
 * the slots. See ADR 0014.
 */
public final class InferenceSlots {

  /** Timer of the wait for a slot. */
  public static final String WAIT_TIMER = "loupe.inference.slots.wait";

  private final int size;
  private final Semaphore slots;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Timer waits;

  /** {@code size} slots, with their wait timer and the gauges of busy and waiting jobs in {@code meters}. */
  public InferenceSlots(int size, MeterRegistry meters) {
    if (size < 1) {
      throw new IllegalArgumentException("loupe.inference.concurrency must be at least 1, not " + size);
    }
    this.size = size;
    this.slots = new Semaphore(size, true);
    this.waits = Timer.builder(WAIT_TIMER).description("Time a job waited for an inference slot").register(meters);
    Gauge.builder("loupe.inference.slots.busy", this, InferenceSlots::busy)
        .description("Inference slots in use").register(meters);
    Gauge.builder("loupe.inference.slots.waiting", waiting, AtomicInteger::get)
        .description("Jobs waiting for an inference slot").register(meters);
    Gauge.builder("loupe.inference.slots", this, InferenceSlots::size)
        .description("Inference slots of this instance").register(meters);
  }

  /** The number of slots {@code loupe.inference.concurrency} asks for: 0 or less means one per available core. */
  public static int sizeFor(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** Runs {@code work} in a slot, once one is free; the slot is given back however the work ends. */
  public <T> T call(Supplier<T> work) {
    long start = System.nanoTime();
    waiting.incrementAndGet();
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DetectionFailed("interrupted while waiting for an inference slot", e);
    } finally {
      waiting.decrementAndGet();
      waits.record(Duration.ofNanos(System.nanoTime() - start));
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }

  /** How many slots there are. */
  public int size() {
    return size;
  }

  /** Slots in use now. */
  public int busy() {
    return size - slots.availablePermits();
  }

  /** Jobs waiting for a slot now. */
  public int waiting() {
    return waiting.get();
  }
}
