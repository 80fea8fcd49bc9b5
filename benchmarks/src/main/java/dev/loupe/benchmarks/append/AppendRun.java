package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.support.SampleEvent;
import dev.loupe.benchmarks.support.SampleEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a workload with N writer threads, each appending to new streams of its own as fast as it can (closed loop).
 * The writers run through a warm-up first; an append counts when it completes inside the measured window that
 * follows, and its latency (call to return, payload serialization included) goes to the writer's histogram.
 */
public final class AppendRun {

  private static final Logger log = LoggerFactory.getLogger(AppendRun.class);

  private final AppendTarget target;
  private final Workload workload;
  private final int writers;
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private volatile boolean stopped;
  private final AtomicReference<Exception> firstError = new AtomicReference<>();

  private AppendRun(AppendTarget target, Workload workload, int writers) {
    this.target = target;
    this.workload = workload;
    this.writers = writers;
  }

  public static ThroughputResult measure(AppendSystem system, AppendTarget target, Workload workload, int writers,
      Duration warmup, Duration window) throws InterruptedException {
    return new AppendRun(target, workload, writers).run(system, warmup, window);
  }

  private ThroughputResult run(AppendSystem system, Duration warmup, Duration window) throws InterruptedException {
    List<Writer> team = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      Writer writer = new Writer(i);
      team.add(writer);
      writer.thread.start();
    }
    sleep(warmup);
    long start = System.nanoTime();
    windowStart = start;
    sleep(window);
    long end = System.nanoTime();
    windowEnd = end;
    stopped = true;
    Histogram latencies = LatencySummary.newHistogram();
    long appends = 0;
    long errors = 0;
    for (Writer writer : team) {
      writer.thread.join();
      latencies.add(writer.latencies);
      appends += writer.appends;
      errors += writer.errors;
    }
    if (firstError.get() != null) {
      log.warn("{} failed {} appends in the window ({} with {} writers); the first failure:", system.key(), errors,
          workload.name(), writers, firstError.get());
    }
    return new ThroughputResult(system, workload, writers, appends, end - start, LatencySummary.of(latencies), errors);
  }

  private static void sleep(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private final class Writer implements Runnable {

    final Thread thread;
    final Histogram latencies = LatencySummary.newHistogram();
    final int index;
    long appends;
    long errors;

    Writer(int index) {
      this.index = index;
      this.thread = new Thread(this, "writer-" + index);
    }

    @Override
    public void run() {
      long sequence = 0;
      while (!stopped) {
        List<SampleEvent> events = SampleEvents.taskSubmissions(workload.eventsPerAppend());
        String streamId = "task-" + index + "-" + sequence++;
        long began = System.nanoTime();
        boolean failed = false;
        try {
          target.append(streamId, events);
        } catch (Exception e) {
          failed = true;
          firstError.compareAndSet(null, e);
        }
        long ended = System.nanoTime();
        if (ended >= windowStart && ended <= windowEnd) {
          if (failed) {
            errors++;
          } else {
            appends++;
            LatencySummary.recordNanos(latencies, ended - began);
          }
        }
      }
    }
  }
}
