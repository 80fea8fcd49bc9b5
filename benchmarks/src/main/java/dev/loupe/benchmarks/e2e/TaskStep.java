package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.benchmarks.e2e.E2eOptions.LoadStep;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load step of a task path: creates tasks over REST at the offered rate (open loop: a slow answer does not
 * slow the next create) or flat out (closed-loop creators), for the step's duration and at most
 * {@code maxTasks}. On the operator path it watches each task through {@code GET /api/v1/tasks/{id}} until it waits
 * for an operator and until it is DONE, and simulated operators claim each waiting task and finish it with one
 * object. On the automatic path one search of the {@code tasks} read model per round finds the tasks that are DONE
 * (the settle probe): GET polls of every task in flight, hundreds a second, took a tenth of the machine's CPU from
 * the inference they measured. Then it waits, at most the drain timeout, for the step's tasks to be DONE, and reads the journal of a
 * sample of them. Every loop is bounded in time; whatever is unfinished at the end counts as censored.
 */
final class TaskStep {

  enum Path { OPERATOR, AUTOMATIC }

  private static final Logger log = LoggerFactory.getLogger(TaskStep.class);
  /** How soon a task is looked at again; the pollers' capacity stretches it under load. */
  private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int POLLERS = 3;
  /**
   * Every PROBE_EVERY-th operator-path task is watched by the inbox probe, which searches the read model for all of
   * them at once, every PROBE_TICK: one request per round whatever the load, so its resolution does not stretch
   * with the number of tasks in flight as the GET pollers' does.
   */
  private static final int PROBE_EVERY = 2;
  private static final long PROBE_TICK_MILLIS = 25;
  /** How often the settle probe searches for the automatic path's tasks that are DONE. */
  private static final long SETTLE_TICK_MILLIS = 50;
  /** Open loop: enough creators that a slow answer (1–2 s under load) does not hold back the next create. */
  private static final int PACED_CREATORS = 64;
  /** Tasks whose journal a step reads, at most, and for how long. */
  private static final int JOURNAL_SAMPLE = 60;
  private static final Duration JOURNAL_BUDGET = Duration.ofSeconds(8);

  private final LoupeApi api;
  private final ReadSide readSide;
  private final Path path;
  private final LoadStep step;
  private final E2eOptions options;
  private final Duration duration;
  private final Duration drain;
  private final String classGroupKey;
  private final IntFunction<String> image;
  private final String callbackUrl;
  private final Map<String, TaskTimeline> byTaskId;

  private final List<TaskTimeline> tasks = java.util.Collections.synchronizedList(new ArrayList<>());
  private final DelayQueue<Poll> polls = new DelayQueue<>();
  private final BlockingQueue<TaskTimeline> inbox = new LinkedBlockingQueue<>();
  private final AtomicLong pollCount = new AtomicLong();
  private final AtomicInteger createFailures = new AtomicInteger();
  private final AtomicInteger createsRefused = new AtomicInteger();
  private volatile boolean stopping;

  /**
   * @param byTaskId shared with the callback receiver, which stamps each arrival on the task's timeline
   * @param image the image URL of the n-th task
   */
  TaskStep(LoupeApi api, ReadSide readSide, Path path, LoadStep step, E2eOptions options, Duration duration,
      Duration drain, String classGroupKey, IntFunction<String> image, String callbackUrl,
      Map<String, TaskTimeline> byTaskId) {
    this.duration = duration;
    this.drain = drain;
    this.api = api;
    this.readSide = readSide;
    this.path = path;
    this.step = step;
    this.options = options;
    this.classGroupKey = classGroupKey;
    this.image = image;
    this.callbackUrl = callbackUrl;
    this.byTaskId = byTaskId;
  }

  StepResult run() throws InterruptedException, IOException {
    String stepId = path.name().toLowerCase() + "-" + step.label().replace("/s", "") + "-" + Instant.now().toEpochMilli();
    StepResult result = new StepResult(path == Path.OPERATOR ? "operator" : "automatic", step);
    PrometheusSnapshot before = readSide.scrape();
    double[] cpuBefore = MachineCpu.ticks();
    double began = Clock.now();
    ExecutorService creators = Executors.newFixedThreadPool(step.flat() ? options.flatCreators() : PACED_CREATORS,
        named("creator"));
    ExecutorService pollers = Executors.newFixedThreadPool(POLLERS, named("poller"));
    ExecutorService operators = Executors.newFixedThreadPool(options.operators(), named("operator"));
    ExecutorService prober = Executors.newSingleThreadExecutor(named("probe"));
    ReadSide.LagSampler lag = readSide.startLagSampler();
    try {
      if (path == Path.OPERATOR) {
        for (int i = 0; i < POLLERS; i++) {
          pollers.submit(this::pollLoop);
        }
        prober.submit(() -> probeLoop(result));
        for (LoupeApi operator : api.operators(options.operators())) {
          operators.submit(() -> operate(operator));
        }
      } else {
        prober.submit(() -> settleProbeLoop(result));
      }
      long end = System.nanoTime() + duration.toNanos();
      AtomicInteger next = new AtomicInteger();
      int scheduled = 0;
      if (step.flat()) {
        for (int c = 0; c < options.flatCreators(); c++) {
          creators.submit(() -> {
            int n;
            while (!stopping && System.nanoTime() < end && (n = next.getAndIncrement()) < options.maxTasksPerStep()) {
              create(stepId, n, Clock.now());
            }
          });
        }
        long wait = end - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      } else {
        long start = System.nanoTime();
        double intervalNanos = 1e9 / step.tasksPerSecond();
        for (int n = 0; n < options.maxTasksPerStep(); n++) {
          long due = start + Math.round(n * intervalNanos);
          if (due >= end) {
            break;
          }
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          int task = n;
          double intended = Clock.fromNanos(due);
          creators.submit(() -> create(stepId, task, intended));
          scheduled++;
        }
      }
      creators.shutdown();
      double offeredEnd = Clock.now();
      result.due = step.flat() ? Math.min(next.get(), options.maxTasksPerStep()) : scheduled;
      // creates still waiting for a creator go on during the drain; those not sent by its end are dropped
      long drainDeadline = System.nanoTime() + drain.toNanos();
      while (System.nanoTime() < drainDeadline && !(creators.isTerminated() && allSettled())) {
        Thread.sleep(200);
      }
      double ended = Clock.now();
      stopping = true;
      result.window(began, offeredEnd, ended);
      result.pollCount = pollCount.get();
      result.createFailures = createFailures.get();
      result.createsRefused = createsRefused.get();
    } finally {
      stopping = true;
      creators.shutdownNow();
      pollers.shutdownNow();
      operators.shutdownNow();
      prober.shutdownNow();
      lag.stop();
    }
    pollers.awaitTermination(35, TimeUnit.SECONDS);
    prober.awaitTermination(35, TimeUnit.SECONDS);
    operators.awaitTermination(35, TimeUnit.SECONDS);
    double windowSeconds = (result.ended - result.began) / 1000;
    PrometheusSnapshot after = readSide.scrape();
    result.systemCpu = MachineCpu.busyShare(cpuBefore, MachineCpu.ticks());
    result.appCpu = (after.sum("process_cpu_time_ns_total") - before.sum("process_cpu_time_ns_total")) / 1e9
        / windowSeconds / Runtime.getRuntime().availableProcessors();
    result.stages = StageLoad.between(before, after, windowSeconds, Runtime.getRuntime().availableProcessors());
    result.jobsCompleted = after.sum("camunda_job_invocations_total", l -> l.contains("action=\"completed\""))
        - before.sum("camunda_job_invocations_total", l -> l.contains("action=\"completed\""));
    result.readModelLagSeconds = lag.seconds();
    result.readModelLagEvents = lag.events();
    result.backlogAtEnd = readSide.tasksConsumerBacklog();
    result.relayLagAtEnd = after.has("loupe_relay_lag_events") ? after.sum("loupe_relay_lag_events") : Double.NaN;
    collect(result);
    readJournals(result);
    result.loadAverage = dev.loupe.benchmarks.MachineFacts.loadAverage();
    result.ceiling = StageLoad.ceiling(result.stages, result.systemCpu);
    log.info("{} {}: {} created, {} DONE, {} tasks/s; create → inbox p50 {}, create → DONE p99 {}, ceiling: {}",
        result.path, step.label(), result.created, result.done, StepResult.rate(result.sustainedTasksPerSecond()),
        result.createToInbox.format(50), result.createToDone.format(99), result.ceiling);
    return result;
  }

  /**
   * @param intended when the create was due: latencies count from then, so a create that waited for a free
   *     creator does not hide the wait (no coordinated omission)
   */
  private void create(String stepId, int n, double intended) {
    if (stopping) {
      return;
    }
    TaskTimeline task = new TaskTimeline(stepId + "-" + n);
    task.createSent = intended;
    task.probed = path == Path.OPERATOR && n % PROBE_EVERY == 0;
    tasks.add(task);
    try {
      task.taskId = createOrRefused(task, n);
      if (task.taskId == null) {
        task.failure = "refused at capacity (429)";
        return;
      }
      task.createAnswered = Clock.now();
      byTaskId.put(task.taskId, task);
      if (path == Path.OPERATOR) {
        polls.add(new Poll(task, System.nanoTime() + POLL_INTERVAL_NANOS));
      }
    } catch (IOException e) {
      task.failure = e.getMessage();
      createFailures.incrementAndGet();
      log.debug("create failed: {}", e.getMessage());
    } catch (InterruptedException e) {
      task.failure = "interrupted";
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The created task's id, or null when Loupe refused it at capacity (429). The paced steps are open loop: a refused
   * create is not sent again, as the offered rate goes on regardless. The flat step's creators are closed loop, as a
   * client with a backlog is: each waits the answer's {@code Retry-After} and sends the same request again, so a
   * refusal costs the task time (counted from when it was due) instead of dropping it.
   */
  private String createOrRefused(TaskTimeline task, int n) throws IOException, InterruptedException {
    while (true) {
      try {
        return api.createTask(task.key, classGroupKey, image.apply(n), callbackUrl);
      } catch (LoupeApi.AtCapacity refused) {
        createsRefused.incrementAndGet();
        if (!step.flat() || stopping) {
          return null;
        }
        Thread.sleep(refused.retryAfter().toMillis());
      }
    }
  }

  private void pollLoop() {
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      Poll poll;
      try {
        poll = polls.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (poll == null) {
        continue;
      }
      TaskTimeline task = poll.task;
      try {
        pollCount.incrementAndGet();
        Optional<JsonNode> view = api.task(task.taskId);
        double seen = Clock.now();
        String status = view.map(v -> v.path("status").asText()).orElse("");
        switch (status) {
          case "WAITING_FOR_OPERATOR" -> {
            if (task.waitingSeen == 0) {
              task.waitingSeen = seen;
              if (path == Path.OPERATOR) {
                inbox.add(task);
                continue; // the operator's finish starts the watch again
              }
            }
          }
          case "DONE" -> {
            task.doneSeen = seen;
            continue;
          }
          case "REJECTED", "DELIVERY_FAILED", "CANCELLED" -> {
            task.failure = status;
            continue;
          }
          default -> { }
        }
      } catch (IOException e) {
        log.debug("GET task {} failed: {}", task.taskId, e.getMessage());
      } catch (InterruptedException e) {
        return;
      }
      polls.add(new Poll(task, System.nanoTime() + POLL_INTERVAL_NANOS));
    }
  }

  /**
   * The inbox probe: one search per round for every probed task not yet found, stamping each the first time the
   * read model's search finds it at WAITING_FOR_OPERATOR or later.
   */
  private void probeLoop(StepResult result) {
    probeRounds(PROBE_TICK_MILLIS, task -> task.probed && task.searchableSeen == 0, pending -> {
      Set<String> found = readSide.searchableAtOrPastWaiting(pending.keySet());
      double seen = Clock.now();
      found.forEach(taskId -> pending.get(taskId).searchableSeen = seen);
    }, result.probeRound);
  }

  /**
   * The settle probe: one search per round for every created task not yet settled, stamping each DONE the first time
   * the read model's search finds it so, and recording the status of one that ended without a result.
   */
  private void settleProbeLoop(StepResult result) {
    probeRounds(SETTLE_TICK_MILLIS, task -> task.doneSeen == 0, pending -> {
      Map<String, String> settled = readSide.searchableSettled(pending.keySet());
      double seen = Clock.now();
      settled.forEach((taskId, status) -> {
        if (status.equals("DONE")) {
          pending.get(taskId).doneSeen = seen;
        } else {
          pending.get(taskId).failure = status;
        }
      });
    }, result.probeRound);
  }

  /** One search of the read model for the tasks a probe still waits for. */
  private interface ProbeRound {
    void search(Map<String, TaskTimeline> pending) throws IOException, InterruptedException;
  }

  /**
   * Runs a probe's rounds every {@code tickMillis} until the step stops: each round searches once for every created
   * task that has not failed and that the probe still {@code waitsFor}, and adds its duration to {@code roundMillis}.
   */
  private void probeRounds(long tickMillis, Predicate<TaskTimeline> waitsFor, ProbeRound round, Samples roundMillis) {
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      long roundStart = System.nanoTime();
      Map<String, TaskTimeline> pending = new LinkedHashMap<>();
      synchronized (tasks) {
        for (TaskTimeline task : tasks) {
          if (task.taskId != null && task.failure == null && waitsFor.test(task)) {
            pending.put(task.taskId, task);
          }
        }
      }
      try {
        if (!pending.isEmpty()) {
          round.search(pending);
        }
        long sleep = tickMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart);
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
      } catch (IOException e) {
        log.debug("a read-model probe failed: {}", e.getMessage());
      } catch (InterruptedException e) {
        return;
      }
      roundMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart));
    }
  }

  private void operate(LoupeApi operator) {
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      TaskTimeline task;
      try {
        task = inbox.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (task == null) {
        continue;
      }
      try {
        task.claimed = Clock.now();
        Optional<String> session = operator.claim(task.taskId);
        if (session.isEmpty()) {
          task.failure = "claim refused (409)";
          continue;
        }
        task.finishSent = Clock.now();
        operator.finish(session.get());
        task.finishAnswered = Clock.now();
        polls.add(new Poll(task, System.nanoTime() + POLL_INTERVAL_NANOS));
      } catch (IOException e) {
        task.failure = e.getMessage();
        log.debug("an operator failed on {}: {}", task.taskId, e.getMessage());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean allSettled() {
    synchronized (tasks) {
      return tasks.stream().allMatch(task -> task.done() || task.failure != null);
    }
  }

  /** Latencies of every task; what did not happen by the end counts as censored at the end. */
  private void collect(StepResult result) {
    List<TaskTimeline> all;
    synchronized (tasks) {
      all = List.copyOf(tasks);
    }
    double end = result.ended;
    for (TaskTimeline task : all) {
      if (task.taskId == null) {
        continue;
      }
      result.created++;
      result.createAnswer.add(task.createAnswered - task.createSent);
      if (path == Path.OPERATOR) {
        observe(result.createToInbox, task.createSent, task.waitingSeen, end);
        if (task.finishSent > 0) {
          observe(result.finishToCallback, task.finishSent, task.callbackArrived, end);
        }
      }
      observe(result.createToCallback, task.createSent, task.callbackArrived, end);
      observe(result.createToDone, task.createSent, task.doneSeen, end);
      if (task.callbackArrived > 0) {
        result.completed++;
        result.firstCreate = result.firstCreate == 0 ? task.createSent : Math.min(result.firstCreate, task.createSent);
        result.lastCallback = Math.max(result.lastCallback, task.callbackArrived);
      }
      if (task.done()) {
        result.done++;
      }
      if (task.failure != null && !task.done()) {
        result.failures.merge(task.failure.length() > 80 ? task.failure.substring(0, 80) : task.failure, 1,
            Integer::sum);
      }
    }
    result.firstCreate = all.stream().mapToDouble(t -> t.createSent).filter(t -> t > 0).min().orElse(0);
  }

  private static void observe(Samples samples, double from, double to, double end) {
    if (to > 0) {
      samples.add(to - from);
    } else {
      samples.addCensored(end - from);
    }
  }

  /**
   * The journal of a sample of the step's tasks (on the operator path, of the probed ones): recorded → visible and
   * → searchable (a task whose event is recorded but was not seen in the read model by the end counts as censored at
   * the end), and the gaps between consecutive events.
   */
  private void readJournals(StepResult result) {
    List<TaskTimeline> created;
    synchronized (tasks) {
      created = tasks.stream()
          .filter(task -> task.taskId != null && (path != Path.OPERATOR || task.probed))
          .toList();
    }
    int stride = Math.max(1, Math.ceilDiv(created.size(), JOURNAL_SAMPLE));
    long deadline = System.nanoTime() + JOURNAL_BUDGET.toNanos();
    Map<String, Samples> gaps = new LinkedHashMap<>();
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    int read = 0;
    for (int i = 0; i < created.size() && System.nanoTime() < deadline; i += stride) {
      TaskTimeline task = created.get(i);
      try {
        JsonNode events = api.events(task.taskId);
        read++;
        double previous = 0;
        String previousType = null;
        for (JsonNode event : events) {
          String type = event.path("type").asText();
          double recorded = epochMillis(Instant.parse(event.path("recordedTime").asText()));
          if (previousType == null) {
            gaps.computeIfAbsent("create sent → TaskCreated recorded", k -> new Samples())
                .add(recorded - task.createSent);
          } else {
            String transition = previousType + " → " + type;
            gaps.computeIfAbsent(transition, k -> new Samples()).add(recorded - previous);
            seen.merge(transition, 1, Integer::sum);
          }
          if (type.equals("AssistanceRequested")) {
            observe(result.assistanceToVisible, recorded, task.waitingSeen, result.ended);
            observe(result.assistanceToSearchable, recorded, task.searchableSeen, result.ended);
            observe(result.projectionLag, recorded, task.waitingSeen, result.ended);
          }
          if (type.equals("TaskReported")) {
            observe(result.projectionLag, recorded, task.doneSeen, result.ended);
          }
          previous = recorded;
          previousType = type;
        }
      } catch (IOException | RuntimeException e) {
        log.debug("events of {} unreadable: {}", task.taskId, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int needed = Math.max(1, read / 2);
    gaps.forEach((transition, samples) -> {
      if (transition.startsWith("create sent") || seen.getOrDefault(transition, 0) >= needed) {
        result.journalGaps.put(transition, samples);
      }
    });
    result.journalsRead = read;
  }

  static double epochMillis(Instant instant) {
    return instant.getEpochSecond() * 1000.0 + instant.getNano() / 1e6;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "bench-" + prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private record Poll(TaskTimeline task, long dueNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Poll) other).dueNanos);
    }
  }
}
