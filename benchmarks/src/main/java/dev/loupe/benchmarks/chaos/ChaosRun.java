package dev.loupe.benchmarks.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.benchmarks.chaos.CallbackLog.Mode;
import dev.loupe.benchmarks.chaos.Convergence.Verdict;
import dev.loupe.benchmarks.chaos.History.AcceptedCreate;
import dev.loupe.benchmarks.chaos.History.Callback;
import dev.loupe.benchmarks.chaos.History.Reprocessed;
import dev.loupe.benchmarks.e2e.LoopbackServer;
import dev.loupe.benchmarks.e2e.LoupeApi;
import dev.loupe.benchmarks.e2e.LoupeProcess;
import dev.loupe.benchmarks.pricetags.PriceTagGenerator;
import dev.loupe.benchmarks.pricetags.ShelfImage;
import dev.loupe.faults.FaultPoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./loupe chaos}: Loupe's local distribution as a child process under a mixed load (operators over REST, the
 * automatic path with the real text detector on synthetic shelf images served on loopback, price-tag reading with an
 * operator's correction, cancellations and reprocessing, callbacks to a receiver that is sometimes down, slow or
 * answering 500), while faults come on a seeded schedule: the application SIGKILLed or halted at a named fault point
 * ({@link FaultPoints}) and started again on the same data, PostgreSQL and Elasticsearch SIGKILLed, the model server
 * stopped. Then its history is checked by {@link Convergence}. Bounded in tasks, faults and time; every request goes
 * to loopback.
 */
public final class ChaosRun {

  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
  private static final Duration START_PATIENCE = Duration.ofMinutes(6);
  private static final Duration POINT_PATIENCE = Duration.ofMinutes(2);
  private static final Duration SERVER_PATIENCE = Duration.ofMinutes(3);
  private static final int START_TRIES = 3;
  /** How long the model server stays stopped once its fault point is reached. */
  static final Duration MODEL_SERVER_OUTAGE = Duration.ofSeconds(45);
  static final String OPERATOR_GROUP = "chaos";
  static final String AUTOMATIC_GROUP = "chaos-shelves";
  static final String PRICE_TAG_GROUP = "chaos-price-tags";
  private static final int IMAGES = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a task of the load goes. */
  enum TaskPath {
    /** No model: an operator draws its object. */
    OPERATOR,
    /** The text detector finds the objects, sampling 0: no person. */
    AUTOMATIC,
    /** Price-tag reading, every result checked: an operator corrects the reading. */
    PRICE_TAGS
  }

  /** What kind of fault, and how the report names it. */
  enum Kind {
    APP_KILL("SIGKILL the application"),
    FAULT_POINT("fault point"),
    POSTGRES_KILL("SIGKILL PostgreSQL"),
    ELASTICSEARCH_KILL("SIGKILL Elasticsearch"),
    MODEL_SERVER_OUTAGE("stop the model server");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    boolean timed() {
      return this == APP_KILL || this == POSTGRES_KILL || this == ELASTICSEARCH_KILL;
    }
  }

  /**
   * The kinds in turn: a fault point or the model server's outage is armed by the start after the SIGKILL before it,
   * so each follows one.
   */
  static final List<Kind> CYCLE = List.of(Kind.APP_KILL, Kind.FAULT_POINT, Kind.POSTGRES_KILL, Kind.APP_KILL,
      Kind.MODEL_SERVER_OUTAGE, Kind.ELASTICSEARCH_KILL);

  /** One injected fault: when (seconds into the load), what, and how long until all of Loupe answered healthy. */
  record Fault(double atSeconds, Kind kind, String detail, double recoverySeconds) {}

  /** A while the client's callback receiver misbehaved: planned, or as it happened (seconds into the load). */
  record ReceiverWindow(double fromSeconds, double toSeconds, Mode mode) {}

  /** What a run did and found. */
  record Result(ChaosOptions options, Map<TaskPath, Integer> created, int cancelled, int finishedByOperators,
      int corrected, int reprocessed, int failedStarts, List<Fault> faults, List<ReceiverWindow> receiver,
      double loadSeconds, double settleSeconds, History history, Verdict verdict, String readSide) {

    int createdTotal() {
      return created.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final ChaosOptions options;
  private final Path jar;
  private final AtomicReference<LoupeProcess> loupe = new AtomicReference<>();
  private final AtomicBoolean loading = new AtomicBoolean(true);
  private final List<AcceptedCreate> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, TaskPath> pathOf = new ConcurrentHashMap<>();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private final Set<String> corrected = ConcurrentHashMap.newKeySet();
  private final Set<String> toReprocess = ConcurrentHashMap.newKeySet();
  private final Set<String> reprocessAsked = ConcurrentHashMap.newKeySet();
  private final Set<String> reprocessPending = ConcurrentHashMap.newKeySet();
  private final List<Reprocessed> reprocessed = new CopyOnWriteArrayList<>();
  private int outagesReached;
  private final AtomicInteger failedStarts = new AtomicInteger();
  private final List<ReceiverWindow> receiverDone = new CopyOnWriteArrayList<>();

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
    List<ReceiverWindow> receiver = receiverWindows(random, Math.max(loadSeconds, options.faults() * 50.0));
    ServerFaults servers = new ServerFaults(runDirectory);
    ExecutorService reprocessor = Executors.newSingleThreadExecutor();
    try (CallbackLog callbacks = new CallbackLog();
        LoopbackServer images = new LoopbackServer(shelfImages(), (taskId, arrived) -> {})) {
      loupe.set(startLoupe(runDirectory, port, adminPassword, List.of()));
      URI base = loupe.get().baseUri();
      LoupeApi admin = new LoupeApi(base).signedIn("admin", adminPassword);
      ChaosApi setUp = new ChaosApi(base, adminPassword);
      LoupeApi.ClientCredentials credentials = admin.registerClient("chaos-" + options.seed());
      callbacks.signedWith(credentials.signingSecret());
      LoupeApi client = new LoupeApi(base).asClient(credentials.apiKey());
      List<LoupeApi> operators = admin.operators(options.operators());
      setUp.team("chaos-price-tags", operatorNames(), List.of("price-tag-reading"));
      setUp.registerModel(AUTOMATIC_GROUP, "text_detection", 0);
      setUp.registerModel(PRICE_TAG_GROUP, "text_detection", 1);
      callbacks.onAccepted(callback -> {
        if (reprocessed.stream().anyMatch(mark -> mark.taskId().equals(callback.taskId()))) {
          reprocessPending.remove(callback.taskId());
        } else if (toReprocess.contains(callback.taskId()) && "DONE".equals(callback.status())
            && reprocessAsked.add(callback.taskId())) {
          reprocessPending.add(callback.taskId());
          reprocessor.submit(() -> reprocessOnce(client, callback, callbacks));
        }
      });

      ExecutorService workers = Executors.newFixedThreadPool(options.operators() + 2);
      long began = System.nanoTime();
      workers.submit(() -> create(client, setUp, credentials.apiKey(), callbacks.url(), images,
          random.nextLong()));
      workers.submit(() -> misbehave(callbacks, receiver, began));
      operators.forEach(operator -> workers.submit(() -> operate(operator)));

      List<Fault> faults = new ArrayList<>();
      for (int i = 0; i < schedule.size(); i++) {
        Scheduled fault = schedule.get(i);
        List<String> armNext = i + 1 < schedule.size() ? schedule.get(i + 1).arming() : List.of();
        faults.add(switch (fault.kind()) {
          case APP_KILL -> kill(began, fault.atSeconds(), runDirectory, port, adminPassword, armNext);
          case FAULT_POINT -> awaitFaultPoint(began, fault.point(), runDirectory, port, adminPassword, armNext);
          case POSTGRES_KILL -> killServer(began, fault, "PostgreSQL", servers::killPostgres, servers);
          case ELASTICSEARCH_KILL -> killServer(began, fault, "Elasticsearch", servers::killElasticsearch, servers);
          case MODEL_SERVER_OUTAGE -> awaitModelServerOutage(began, servers);
        });
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
      workers.shutdownNow();
      workers.awaitTermination(1, TimeUnit.MINUTES);
      reprocessor.shutdown();
      reprocessor.awaitTermination(1, TimeUnit.MINUTES);
      Thread.sleep(5_000);
      double settleSeconds = seconds(settleBegan);
      History history = new HistoryReader(loupe.get().requireEmbeddedAddress("PostgreSQL"),
          loupe.get().requireEmbeddedAddress("Kafka"),
          URI.create("http://" + loupe.get().requireEmbeddedAddress("Elasticsearch")))
          .read("loupe_app", "loupe", callbacks.accepted(), List.copyOf(accepted), List.copyOf(reprocessed));
      Map<TaskPath, Integer> created = new EnumMap<>(TaskPath.class);
      accepted.forEach(create -> created.merge(pathOf.get(create.taskId()), 1, Integer::sum));
      return new Result(options, created, cancelled.size(), finished.size(), corrected.size(), reprocessed.size(),
          failedStarts.get(), faults, List.copyOf(receiverDone), loadDone, settleSeconds, history,
          Convergence.check(history), readSide(setUp));
    } finally {
      reprocessor.shutdownNow();
      LoupeProcess last = loupe.get();
      if (last != null) {
        last.close();
      }
    }
  }

  /**
   * Starts Loupe and waits until it is healthy; one armed with a fault point may halt there while it starts. One that
   * exited on its own while starting, or was not healthy in time (on a machine this loaded an embedded server can
   * miss its start timeout), is killed and started again, up to {@link #START_TRIES} times, as a cluster restarts a
   * crashed pod; the report counts those starts.
   */
  private LoupeProcess startLoupe(Path runDirectory, int port, String adminPassword, List<String> arming)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      LoupeProcess process = LoupeProcess.start(jar, "1g", runDirectory, port, adminPassword, arming);
      try {
        process.awaitServing(START_PATIENCE);
        return process;
      } catch (IllegalStateException notStarted) {
        if (!arming.isEmpty() && !process.isAlive() && haltedAtFaultPoint(runDirectory)) {
          return process;
        }
        if (attempt == START_TRIES) {
          throw notStarted;
        }
        process.kill();
        failedStarts.incrementAndGet();
        log.warn("Loupe did not start (try {} of {}): {}; starting it again", attempt, START_TRIES,
            notStarted.getMessage());
      }
    }
  }

  /** Whether the log says, since this process began, that the JVM halted at a fault point. */
  private static boolean haltedAtFaultPoint(Path runDirectory) throws IOException {
    List<String> lines = Files.readAllLines(runDirectory.resolve("loupe.log"));
    for (String line : lines.reversed()) {
      if (line.contains("Starting embedded PostgreSQL")) {
        return false;
      }
      if (line.contains("loupe fault point") && line.contains("halting the JVM")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A fault to inject: a SIGKILL {@code atSeconds} into the load, or a named fault point ({@link FaultPoints}) Loupe is
   * started armed with, reached the {@code reach}th time Loupe gets there (after the SIGKILL before it).
   */
  record Scheduled(Kind kind, double atSeconds, String point, int reach) {

    List<String> arming() {
      return switch (kind) {
        case FAULT_POINT -> List.of("-D" + FaultPoints.ARMED + "=" + point, "-D" + FaultPoints.AT + "=" + reach);
        case MODEL_SERVER_OUTAGE -> List.of("-D" + FaultPoints.ARMED + "=" + FaultPoints.MODEL_SERVER_OUTAGE,
            "-D" + FaultPoints.AT + "=" + reach,
            "-D" + FaultPoints.OUTAGE_SECONDS + "=" + MODEL_SERVER_OUTAGE.toSeconds());
        default -> List.of();
      };
    }
  }

  /**
   * {@code faults} faults of the kinds in {@link #CYCLE}'s turn; the timed ones at seeded moments over the load, in
   * order; each halting fault point drawn from {@link FaultPoints#HALTING}, each point with a seeded count of passes
   * before it acts.
   */
  private List<Scheduled> schedule(Random random, double loadSeconds) {
    List<String> points = FaultPoints.HALTING.stream().sorted().toList();
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < options.faults(); i++) {
      kinds.add(CYCLE.get(i % CYCLE.size()));
    }
    List<Double> times = random.doubles(kinds.stream().filter(Kind::timed).count(), 0, loadSeconds).sorted().boxed()
        .toList();
    List<Scheduled> schedule = new ArrayList<>();
    int timed = 0;
    for (Kind kind : kinds) {
      schedule.add(switch (kind) {
        case FAULT_POINT -> new Scheduled(kind, 0, points.get(random.nextInt(points.size())), 1 + random.nextInt(20));
        case MODEL_SERVER_OUTAGE -> new Scheduled(kind, 0, FaultPoints.MODEL_SERVER_OUTAGE, 1 + random.nextInt(5));
        default -> new Scheduled(kind, times.get(timed++), null, 0);
      });
    }
    return schedule;
  }

  /**
   * The receiver's misbehaviour: one window per 150 seconds of {@code span} (at least one of each mode), down,
   * answering 500 and slow in turn, each 60 to 150 seconds long, at seeded moments over {@code span} seconds, never
   * overlapping.
   */
  static List<ReceiverWindow> receiverWindows(Random random, double span) {
    List<Mode> modes = List.of(Mode.DOWN, Mode.ERROR_500, Mode.SLOW);
    int count = Math.max(modes.size(), (int) Math.round(span / 150));
    List<Double> starts = random.doubles(count, 0, span).sorted().boxed().toList();
    List<ReceiverWindow> windows = new ArrayList<>();
    double free = 0;
    for (int i = 0; i < count; i++) {
      double from = Math.max(starts.get(i), free);
      double to = from + 60 + random.nextInt(91);
      windows.add(new ReceiverWindow(from, to, modes.get(i % modes.size())));
      free = to + 30;
    }
    return windows;
  }

  /** Makes the receiver misbehave in each window; notes when each really began and ended, for the report. */
  private void misbehave(CallbackLog callbacks, List<ReceiverWindow> windows, long began) {
    try {
      for (ReceiverWindow window : windows) {
        sleepUntil(began, window.fromSeconds());
        if (!loading.get()) {
          return;
        }
        double from = seconds(began);
        log.info("callback receiver {} for {} s", window.mode(), Math.round(window.toSeconds() - window.fromSeconds()));
        callbacks.behave(window.mode());
        sleepUntil(began, from + window.toSeconds() - window.fromSeconds());
        callbacks.behave(Mode.UP);
        receiverDone.add(new ReceiverWindow(from, seconds(began), window.mode()));
        log.info("callback receiver UP again");
      }
    } catch (IOException e) {
      log.error("the callback receiver could not listen again: {}", e.toString());
    }
  }


  private Fault kill(long began, double at, Path runDirectory, int port, String adminPassword,
      List<String> armNext) throws Exception {
    sleepUntil(began, at);
    log.info("fault at {} s: SIGKILL Loupe", Math.round(seconds(began)));
    double happened = seconds(began);
    long killed = System.nanoTime();
    loupe.get().kill();
    loupe.set(startLoupe(runDirectory, port, adminPassword, armNext));
    return new Fault(happened, Kind.APP_KILL, "", seconds(killed));
  }

  /**
   * Waits for the armed Loupe to halt at its fault point, then starts it again; one that has not reached it within
   * {@link #POINT_PATIENCE} is killed instead, and the report says so.
   */
  private Fault awaitFaultPoint(long began, String point, Path runDirectory, int port,
      String adminPassword, List<String> armNext) throws Exception {
    long armed = System.nanoTime();
    while (loupe.get().isAlive() && seconds(armed) < POINT_PATIENCE.toSeconds()) {
      Thread.sleep(200);
    }
    double happened = seconds(began);
    long down = System.nanoTime();
    String detail = point;
    if (loupe.get().isAlive()) {
      detail = point + " not reached: SIGKILL instead";
      loupe.get().kill();
    }
    log.info("fault at {} s: fault point {}", Math.round(happened), detail);
    loupe.set(startLoupe(runDirectory, port, adminPassword, armNext));
    return new Fault(happened, Kind.FAULT_POINT, detail, seconds(down));
  }

  /** A server's process to kill; answers its pid. */
  @FunctionalInterface
  private interface Kill {
    long kill() throws Exception;
  }

  /**
   * SIGKILLs one embedded server at its moment, then waits until Loupe's log says it started the server again and
   * Loupe answers healthy. One not started again within {@link #SERVER_PATIENCE} is a finding: the report says so,
   * and the whole application is started again to go on.
   */
  private Fault killServer(long began, Scheduled fault, String server, Kill kill, ServerFaults servers)
      throws Exception {
    sleepUntil(began, fault.atSeconds());
    int restartsBefore = servers.restarts(server);
    double happened = seconds(began);
    long killed = System.nanoTime();
    long pid = kill.kill();
    log.info("fault at {} s: SIGKILL {} (pid {})", Math.round(happened), server, pid);
    boolean restarted = awaitCount(() -> restarts(servers, server), restartsBefore + 1, SERVER_PATIENCE);
    if (!restarted) {
      return new Fault(happened, fault.kind(), "not started again within " + SERVER_PATIENCE.toSeconds() + " s",
          seconds(killed));
    }
    loupe.get().awaitServing(START_PATIENCE);
    return new Fault(happened, fault.kind(), "pid " + pid, seconds(killed));
  }

  /**
   * Waits for the Loupe armed with {@value FaultPoints#MODEL_SERVER_OUTAGE} to reach it (a detection about to call
   * the model server stops it), then until the model server runs again and Loupe answers healthy. The outage began
   * when Loupe's log says, which may be while the armed Loupe was still starting.
   */
  private Fault awaitModelServerOutage(long began, ServerFaults servers) throws Exception {
    int nth = outagesReached + 1;
    if (!awaitCount(() -> reached(servers, FaultPoints.MODEL_SERVER_OUTAGE), nth, POINT_PATIENCE)) {
      return new Fault(seconds(began), Kind.MODEL_SERVER_OUTAGE, "fault point not reached within "
          + POINT_PATIENCE.toSeconds() + " s: no outage", 0);
    }
    outagesReached = nth;
    Instant stopped = servers.loggedAt("loupe fault point " + FaultPoints.MODEL_SERVER_OUTAGE + " reached", nth)
        .orElseGet(Instant::now);
    double happened = seconds(began) - Duration.between(stopped, Instant.now()).toMillis() / 1e3;
    log.info("fault at {} s: the model server stopped for {} s", Math.round(happened), MODEL_SERVER_OUTAGE.toSeconds());
    awaitCount(() -> restarts(servers, "model server"), nth, MODEL_SERVER_OUTAGE.plus(SERVER_PATIENCE));
    loupe.get().awaitServing(START_PATIENCE);
    return new Fault(happened, Kind.MODEL_SERVER_OUTAGE, "stopped for " + MODEL_SERVER_OUTAGE.toSeconds() + " s",
        Duration.between(stopped, Instant.now()).toMillis() / 1e3);
  }

  /**
   * The read side's dead letters and quarantined streams at the end, in words: "none", or per read model with any; a
   * failed read says so rather than losing the run's result.
   */
  private static String readSide(ChaosApi api) throws InterruptedException {
    try {
      Map<String, String> waiting = api.readSideWaiting();
      return waiting.isEmpty() ? "none" : "**" + waiting + "**";
    } catch (IOException unread) {
      return "**not read: " + unread.getMessage() + "**";
    }
  }

  private static int restarts(ServerFaults servers, String server) {
    try {
      return servers.restarts(server);
    } catch (IOException unreadable) {
      return 0;
    }
  }

  private static int reached(ServerFaults servers, String point) {
    try {
      return servers.reached(point);
    } catch (IOException unreadable) {
      return 0;
    }
  }

  private static boolean awaitCount(IntSupplier count, int atLeast, Duration patience) throws InterruptedException {
    long since = System.nanoTime();
    while (count.getAsInt() < atLeast) {
      if (seconds(since) > patience.toSeconds()) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }

  /**
   * The clients: tasks at the offered rate, each with its own idempotency key, sent again (the same key) until Loupe
   * accepts it, as a client does through an outage. Each goes a seeded {@link Path}: 45 % the operator's, 35 % the
   * automatic one, 20 % price-tag reading. Every tenth accepted one the operators work on is cancelled a moment later;
   * one in twelve is reprocessed once its client was told it is done.
   */
  private void create(LoupeApi client, ChaosApi priceTags, String apiKey, String callbackUrl, LoopbackServer images,
      long seed) {
    Random random = new Random(seed);
    long began = System.nanoTime();
    for (int n = 0; n < options.tasks() && loading.get(); n++) {
      sleepUntil(began, n / options.rate());
      String key = "chaos-" + options.seed() + "-" + n;
      int draw = random.nextInt(100);
      TaskPath path = draw < 45 ? TaskPath.OPERATOR : draw < 80 ? TaskPath.AUTOMATIC : TaskPath.PRICE_TAGS;
      String image = path == TaskPath.OPERATOR ? "http://127.0.0.1:9/shelf-" + n + ".png" : images.imageUrl(n % IMAGES);
      String taskId = null;
      while (taskId == null && loading.get()) {
        try {
          HttpResponse<String> answer = switch (path) {
            case OPERATOR -> client.submitTask(key, OPERATOR_GROUP, image, callbackUrl);
            case AUTOMATIC -> client.submitTask(key, AUTOMATIC_GROUP, image, callbackUrl);
            case PRICE_TAGS -> priceTags.submitPriceTags(apiKey, key, PRICE_TAG_GROUP, image, callbackUrl);
          };
          if (answer.statusCode() / 100 == 2) {
            taskId = JSON.readTree(answer.body()).path("id").asText();
            pathOf.put(taskId, path);
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
      if (taskId == null) {
        continue;
      }
      if (path != TaskPath.AUTOMATIC && random.nextInt(10) == 0) {
        cancelLater(client, taskId);
      } else if (random.nextInt(12) == 0) {
        toReprocess.add(taskId);
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

  /**
   * The client reprocesses a task chosen for it once it is told the task is done: it asks until Loupe accepts (202)
   * or says no for good, and notes how many of the task's callbacks came before, for the checker. The task counts as
   * pending until the new run's first callback arrives (or the client gave up), so the load does not end between.
   */
  private void reprocessOnce(LoupeApi client, Callback callback, CallbackLog callbacks) {
    try {
      for (int attempt = 0; attempt < 30 && loading.get(); attempt++) {
        Thread.sleep(2_000);
        int status = client.post("/api/v1/tasks/" + callback.taskId() + "/reprocess",
            Map.of("reason", "chaos: the client asks again"));
        if (status == 202) {
          reprocessed.add(new Reprocessed(callback.taskId(), callbacks.acceptedOf(callback.taskId())));
          return;
        }
        if (status != 409 && status / 100 != 5) {
          log.warn("reprocess of {} answered {}", callback.taskId(), status);
          break;
        }
      }
    } catch (IOException unreachable) {
      log.debug("reprocess of {} not sent: Loupe unreachable", callback.taskId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reprocessPending.remove(callback.taskId());
  }

  /**
   * An operator: claims what the inbox offers and finishes it, with one box drawn on a product-detection task and a
   * corrected reading on a price-tag one; gives up a task someone else took.
   */
  private void operate(LoupeApi operator) {
    while (loading.get()) {
      try {
        JsonNode inbox = operator.get("/api/v1/inbox?size=20");
        boolean worked = false;
        for (String taskId : inbox.findValuesAsText("id")) {
          var session = operator.claim(taskId);
          if (session.isEmpty()) {
            continue;
          }
          if (pathOf.get(taskId) == TaskPath.PRICE_TAGS) {
            correctReading(operator, session.get());
            corrected.add(taskId);
          } else {
            operator.finish(session.get());
          }
          finished.add(taskId);
          worked = true;
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

  /** The operator's correction: the tag where it is, read as the operator reads it. */
  private static void correctReading(LoupeApi operator, String sessionId) throws IOException, InterruptedException {
    Map<String, Object> tag = Map.of("imageIndex", 0, "box", Map.of("x", 40, "y", 60, "w", 120, "h", 50),
        "classId", "price-tag", "text", "12,99 TL");
    int status = operator.post("/api/v1/sessions/" + sessionId + "/finish", Map.of("objects", List.of(tag)));
    if (status != 202) {
      throw new IOException("finishing price-tag session " + sessionId + " answered " + status);
    }
  }

  /** Whether every accepted task rests: its read-model status is terminal. */
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
      return total >= accepted.size() && atRest == total && reprocessPending.isEmpty();
    } catch (IOException notNow) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private List<String> operatorNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < options.operators(); i++) {
      names.add("bench-operator-" + i);
    }
    return names;
  }

  private List<byte[]> shelfImages() throws IOException {
    List<byte[]> pngs = new ArrayList<>();
    for (ShelfImage image : new PriceTagGenerator(options.seed()).images(IMAGES)) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image.image(), "png", png);
      pngs.add(png.toByteArray());
    }
    return pngs;
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
