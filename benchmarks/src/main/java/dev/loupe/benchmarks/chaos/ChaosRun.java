package dev.loupe.benchmarks.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.benchmarks.chaos.Convergence.Verdict;
import dev.loupe.benchmarks.chaos.History.AcceptedCreate;
import dev.loupe.benchmarks.e2e.LoupeApi;
import dev.loupe.benchmarks.e2e.LoupeProcess;
import dev.loupe.faults.FaultPoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./loupe chaos}: Loupe's local distribution as a child process under a load of clients and operators, killed
 * with SIGKILL at moments a seeded schedule picks or halted at named fault points ({@link FaultPoints}: after a
 * job's append, after a callback, mid-batch in the relay or a projector), and started again on the same data; then
 * its history checked by {@link Convergence}. Bounded in tasks, faults and time; every request goes to loopback.
 */
public final class ChaosRun {

  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
  private static final Duration START_PATIENCE = Duration.ofMinutes(5);
  private static final String CLASS_GROUP = "chaos";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One injected fault: when (seconds into the load), what, and how long until Loupe answered healthy again. */
  record Fault(double atSeconds, String kind, double recoverySeconds) {}

  /** What a run did and found. */
  record Result(ChaosOptions options, int created, int cancelled, int finishedByOperators, List<Fault> faults,
      double loadSeconds, double settleSeconds, History history, Verdict verdict) {}

  private final ChaosOptions options;
  private final Path jar;
  private final AtomicReference<LoupeProcess> loupe = new AtomicReference<>();
  private final AtomicBoolean loading = new AtomicBoolean(true);
  private final List<AcceptedCreate> accepted = new CopyOnWriteArrayList<>();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();

  ChaosRun(ChaosOptions options, Path jar) {
    this.options = options;
    this.jar = jar;
  }

  public static void main(String[] args) throws Exception {
    ChaosOptions options = ChaosOptions.parse(args);
    Result result = new ChaosRun(options, Path.of("local", "target", "loupe-local.jar")).run();
    Path report = ChaosReport.write(result, Path.of("benchmarks", "reports"));
    System.out.printf("%s: lost %d, duplicated %d, diverged %d, stuck %d, bad callbacks %d; report %s%n",
        result.verdict().converged() ? "converged" : "NOT converged", result.verdict().lost(),
        result.verdict().duplicated(), result.verdict().diverged(), result.verdict().stuck(),
        result.verdict().badCallbacks(), report);
    System.exit(result.verdict().converged() ? 0 : 1);
  }

  Result run() throws Exception {
    Path runDirectory = LoupeProcess.newRunDirectory("loupe-chaos-");
    int port = LoupeProcess.freePort();
    String adminPassword = UUID.randomUUID().toString();
    Random random = new Random(options.seed());
    double loadSeconds = options.tasks() / options.rate();
    List<Scheduled> schedule = schedule(random, loadSeconds);
    try (CallbackLog callbacks = new CallbackLog()) {
      loupe.set(startLoupe(runDirectory, port, adminPassword, List.of()));
      URI base = loupe.get().baseUri();
      LoupeApi admin = new LoupeApi(base).signedIn("admin", adminPassword);
      LoupeApi.ClientCredentials credentials = admin.registerClient("chaos-" + options.seed());
      callbacks.signedWith(credentials.signingSecret());
      LoupeApi client = new LoupeApi(base).asClient(credentials.apiKey());
      List<LoupeApi> operators = admin.operators(options.operators());

      ExecutorService workers = Executors.newFixedThreadPool(options.operators() + 1);
      long began = System.nanoTime();
      workers.submit(() -> create(client, callbacks.url(), random.nextLong()));
      operators.forEach(operator -> workers.submit(() -> operate(operator)));

      List<Fault> faults = new ArrayList<>();
      for (int i = 0; i < schedule.size(); i++) {
        Scheduled fault = schedule.get(i);
        List<String> armNext = i + 1 < schedule.size() ? schedule.get(i + 1).arming() : List.of();
        faults.add(fault.point() == null
            ? kill(began, fault.atSeconds(), runDirectory, port, adminPassword, armNext)
            : awaitFaultPoint(began, fault.point(), loadSeconds + options.settle().toSeconds() / 2.0, runDirectory,
                port, adminPassword, armNext));
      }
      while (accepted.size() < options.tasks() && seconds(began) < loadSeconds + options.settle().toSeconds()) {
        Thread.sleep(500);
      }
      double loadDone = seconds(began);
      long settleBegan = System.nanoTime();
      while (!allAtRest(admin) && seconds(settleBegan) < options.settle().toSeconds()) {
        Thread.sleep(2_000);
      }
      loading.set(false);
      workers.shutdown();
      workers.awaitTermination(1, TimeUnit.MINUTES);
      Thread.sleep(5_000);
      double settleSeconds = seconds(settleBegan);
      History history = new HistoryReader(loupe.get().requireEmbeddedAddress("PostgreSQL"),
          loupe.get().requireEmbeddedAddress("Kafka"),
          URI.create("http://" + loupe.get().requireEmbeddedAddress("Elasticsearch")))
          .read("loupe_app", "loupe", callbacks.accepted(), List.copyOf(accepted));
      return new Result(options, accepted.size(), cancelled.size(), finished.size(), faults, loadDone, settleSeconds,
          history, Convergence.check(history));
    } finally {
      LoupeProcess last = loupe.get();
      if (last != null) {
        last.close();
      }
    }
  }

  /** Starts Loupe and waits until it is healthy; one armed with a fault point may halt there while it starts. */
  private LoupeProcess startLoupe(Path runDirectory, int port, String adminPassword, List<String> arming)
      throws Exception {
    LoupeProcess process = LoupeProcess.start(jar, "1g", runDirectory, port, adminPassword, arming);
    try {
      process.awaitHealthy(START_PATIENCE);
    } catch (IllegalStateException exited) {
      if (arming.isEmpty() || process.isAlive()) {
        throw exited;
      }
    }
    return process;
  }

  /**
   * A fault to inject: a SIGKILL {@code atSeconds} into the load ({@code point} null), or a named fault point
   * ({@link FaultPoints}) Loupe is started armed with, halting the {@code reach}th time it gets there (after the
   * SIGKILL at {@code atSeconds} before it).
   */
  record Scheduled(double atSeconds, String point, int reach) {

    List<String> arming() {
      return point == null ? List.of()
          : List.of("-D" + FaultPoints.ARMED + "=" + point, "-D" + FaultPoints.AT + "=" + reach);
    }
  }

  /**
   * SIGKILLs and fault points in turn, a SIGKILL first: the kills at seeded moments over the load, in order; each
   * fault point drawn from every point with a seeded count of passes before it halts, and armed by the start that
   * follows the kill before it, so it happens whenever Loupe gets there.
   */
  private List<Scheduled> schedule(Random random, double loadSeconds) {
    List<String> points = FaultPoints.ALL.stream().sorted().toList();
    List<Double> kills = random.doubles((options.faults() + 1) / 2, 0, loadSeconds).sorted().boxed().toList();
    List<Scheduled> schedule = new ArrayList<>();
    for (int i = 0; i < options.faults(); i++) {
      schedule.add(i % 2 == 0 ? new Scheduled(kills.get(i / 2), null, 0)
          : new Scheduled(kills.get(i / 2), points.get(random.nextInt(points.size())), 1 + random.nextInt(20)));
    }
    return schedule;
  }

  private Fault kill(long began, double at, Path runDirectory, int port, String adminPassword, List<String> armNext)
      throws Exception {
    sleepUntil(began, at);
    log.info("fault at {} s: SIGKILL Loupe", Math.round(seconds(began)));
    double happened = seconds(began);
    long killed = System.nanoTime();
    loupe.get().kill();
    loupe.set(startLoupe(runDirectory, port, adminPassword, armNext));
    return new Fault(happened, "SIGKILL the application", seconds(killed));
  }

  /**
   * Waits for the armed Loupe to halt at its fault point, then starts it again; one that has not reached it by
   * {@code deadline} seconds into the run is killed instead, and the report says so.
   */
  private Fault awaitFaultPoint(long began, String point, double deadline, Path runDirectory, int port,
      String adminPassword, List<String> armNext) throws Exception {
    while (loupe.get().isAlive() && seconds(began) < deadline) {
      Thread.sleep(200);
    }
    double happened = seconds(began);
    long down = System.nanoTime();
    String kind = "fault point " + point;
    if (loupe.get().isAlive()) {
      kind = "fault point " + point + " not reached: SIGKILL instead";
      loupe.get().kill();
    }
    log.info("fault at {} s: {}", Math.round(happened), kind);
    loupe.set(startLoupe(runDirectory, port, adminPassword, armNext));
    return new Fault(happened, kind, seconds(down));
  }

  /**
   * The clients: tasks at the offered rate, each with its own idempotency key, sent again (the same key) until Loupe
   * accepts it, as a client does through an outage; every tenth accepted one is cancelled a moment later.
   */
  private void create(LoupeApi client, String callbackUrl, long seed) {
    Random random = new Random(seed);
    long began = System.nanoTime();
    for (int n = 0; n < options.tasks() && loading.get(); n++) {
      sleepUntil(began, n / options.rate());
      String key = "chaos-" + options.seed() + "-" + n;
      String taskId = null;
      while (taskId == null && loading.get()) {
        try {
          HttpResponse<String> answer = client.submitTask(key, CLASS_GROUP, "http://127.0.0.1:9/shelf-" + n + ".png",
              callbackUrl);
          if (answer.statusCode() / 100 == 2) {
            taskId = JSON.readTree(answer.body()).path("id").asText();
            accepted.add(new AcceptedCreate(key, taskId));
          } else {
            Thread.sleep(1_000);
          }
        } catch (IOException unreachable) {
          pause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (taskId != null && random.nextInt(10) == 0) {
        cancelLater(client, taskId);
      }
    }
  }

  private void cancelLater(LoupeApi client, String taskId) {
    try {
      int status = client.post("/api/v1/tasks/" + taskId + "/cancel", Map.of("reason", "chaos: client changed mind"));
      if (status == 202) {
        cancelled.add(taskId);
      }
    } catch (IOException unreachable) {
      log.debug("cancel of {} not sent: Loupe unreachable", taskId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An operator: claims what the inbox offers and finishes it with one box; gives up a task someone else took. */
  private void operate(LoupeApi operator) {
    while (loading.get()) {
      try {
        JsonNode inbox = operator.get("/api/v1/inbox?size=20");
        boolean worked = false;
        for (String taskId : inbox.findValuesAsText("id")) {
          var session = operator.claim(taskId);
          if (session.isPresent()) {
            operator.finish(session.get());
            finished.add(taskId);
            worked = true;
          }
        }
        if (!worked) {
          Thread.sleep(500);
        }
      } catch (IOException unreachableOrRefused) {
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Whether every accepted task rests: its read-model status is terminal or waiting for a person. */
  private boolean allAtRest(LoupeApi admin) {
    try {
      JsonNode counts = admin.get("/api/v1/tasks?clientId=chaos-" + options.seed() + "&size=1").path("statuses");
      long total = 0;
      long atRest = 0;
      for (var status : (Iterable<Map.Entry<String, JsonNode>>) counts::fields) {
        total += status.getValue().asLong();
        if (Set.of("DONE", "REJECTED", "CANCELLED").contains(status.getKey())) {
          atRest += status.getValue().asLong();
        }
      }
      return total >= accepted.size() && atRest == total;
    } catch (IOException notNow) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepUntil(long began, double seconds) {
    long wait = began + (long) (seconds * 1e9) - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
