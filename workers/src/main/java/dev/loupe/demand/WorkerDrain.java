package dev.loupe.demand;

import io.camunda.client.jobhandling.JobWorkerManager;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Lets a stopping instance finish the jobs it holds (ADR 0025). The Camunda client, when it closes, interrupts its
 * job threads ({@code shutdownNow}) and waits 15 s; a job cut short comes back from Zeebe only when its timeout
 * runs out. So, before the client closes, this closes every job worker (no job is activated any more: polls and
 * streams stop) and waits until the workers hold no job, for at most {@code loupe.workers.drain-timeout}. A job
 * still held then times out back to Zeebe, which gives it to another instance.
 */
@Component
class WorkerDrain implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkerDrain.class);
  private static final Duration CHECK_EVERY = Duration.ofMillis(100);

  private final JobWorkerManager workers;
  private final LongSupplier heldJobs;
  private final Duration timeout;
  private volatile boolean running;

  @Autowired
  WorkerDrain(JobWorkerManager workers, WorkerLoad load,
      @Value("${loupe.workers.drain-timeout:PT30S}") Duration timeout) {
    this(workers, load::activeJobs, timeout);
  }

  /** Drains {@code workers}, which hold {@code heldJobs} jobs at any moment. */
  WorkerDrain(JobWorkerManager workers, LongSupplier heldJobs, Duration timeout) {
    this.workers = workers;
    this.heldJobs = heldJobs;
    this.timeout = timeout;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    workers.closeAllOpenWorkers();
    long held = heldJobs.getAsLong();
    if (held == 0) {
      return;
    }
    log.info("Job workers closed; waiting up to {} for the {} jobs they hold", timeout, held);
    Instant deadline = Instant.now().plus(timeout);
    try {
      while (held > 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(CHECK_EVERY);
        held = heldJobs.getAsLong();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (held > 0) {
      log.warn("{} jobs still held after {}: they time out back to Zeebe", held, timeout);
    } else {
      log.info("Job workers drained");
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops right after the Camunda SDK's lifecycle (the default phase), before the web server's graceful stop. */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE - 1;
  }
}
