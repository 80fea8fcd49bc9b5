package dev.loupe.benchmarks.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end-to-end benchmark's settings, from {@code --name=value} arguments. The defaults keep a whole run, the
 * application's start-up included, near ten minutes on 2 cores. Durations are seconds ({@code 15}, {@code 2.5}) or
 * milliseconds ({@code 500ms}). A load step is a rate in tasks/s or {@code flat} (closed-loop creators, as fast as
 * the application answers).
 */
record E2eOptions(
    Set<String> paths,
    List<LoadStep> operatorSteps,
    List<LoadStep> automaticSteps,
    Duration stepDuration,
    Duration drainTimeout,
    int operators,
    int flatCreators,
    int maxTasksPerStep,
    int projectionEvents,
    int projectionRate,
    Duration projectionDuration,
    Duration projectionDrainTimeout,
    int volumeTasks,
    int volumeWriters,
    int volumeStreamsPerCommit,
    Duration volumeDrainTimeout,
    int queryWarmup,
    int querySamples,
    boolean baseline,
    Duration baselineBudget,
    SecondLoupe secondLoupe,
    int images,
    long seed,
    int threads,
    Path appJar,
    String appHeap,
    Duration startupTimeout,
    Path out) {

  /** What {@code ./loupe bench e2e} measures, all of it by default. */
  static final List<String> PATHS = List.of("operator", "automatic", "projection");
  /**
   * What {@code ./loupe bench queries} measures, all of it by default: the flat-out tasks figure, then the data
   * volume and the queries.
   */
  static final List<String> QUERY_PATHS = List.of("projection", "queries");

  static final String USAGE = """
      options (defaults in brackets):
        --paths=operator,automatic,projection   what to measure (./loupe bench queries: projection,queries,
                                                queries being the data-volume step and the query latencies)
        --steps=10,25,50,100,flat               operator path: offered tasks/s per step; flat = as fast as it answers
        --automatic-steps=1,2,4                 automatic path: offered tasks/s per step (flat floods the model queue)
        --duration=10                           seconds each step offers load
        --drain=15                              seconds a step then waits, at most, for its tasks to finish
        --operators=8                           simulated operators (threads that claim and finish)
        --flat-creators=16                      closed-loop creators of a flat step
        --max-tasks=1500                        tasks one step creates at most
        --projection-events=12000               projection-only: events pre-published for the flat-out step
        --projection-rate=1800                  projection-only: events/s of the paced step
        --projection-duration=10                projection-only: seconds the paced step publishes
        --projection-drain=15                   projection-only: seconds a step waits, at most, for the read model
        --volume-tasks=100000                   queries: synthetic task streams appended to the journal
        --volume-writers=4                      queries: concurrent journal writers
        --volume-batch=50                       queries: streams appended per transaction (one commit)
        --volume-drain=1200                     queries: seconds to wait, at most, for every read model to catch up
        --query-warmup=50                       queries: unmeasured requests per query (each distinct one at least once)
        --query-samples=400                     queries: measured requests per query
        --baseline=true                         also run the projection-only workload through the old projector
        --baseline-budget=15                    seconds each baseline step may take (it is ~100x slower)
        --second-loupe=admission-off            also run the operator path on a second Loupe with one change undone,
                                                and compare the two: admission-off (no admission control of
                                                creates, before ADR 0034), zeebe-memory (Zeebe's state in the test
                                                engine's in-memory database, before ADR 0033),
                                                tasks-refresh-250ms (the tasks read model refreshed every 250 ms,
                                                not 100), or none
        --images=12                             automatic path: distinct synthetic shelf images served
        --seed=5                                the images' and the synthetic task streams' seed
        --threads=2                             ONNX Runtime intra-op threads of the in-process reference
        --app-jar=local/target/loupe-local.jar  the local distribution (./mvnw -B -q -DskipTests package)
        --app-heap=1g                           the application's -Xmx
        --startup-timeout=300                   seconds to wait for /actuator/health UP
        --out=benchmarks/reports                where e2e-latest.md and .csv go
      """;

  static E2eOptions parse(String... args) {
    return parseFor(PATHS, args);
  }

  /** The options of a harness that measures {@code paths}: all of them unless {@code --paths} names some. */
  static E2eOptions parseFor(List<String> paths, String... args) {
    Options options = Options.of(USAGE, args);
    E2eOptions parsed = new E2eOptions(
        Set.copyOf(options.list("paths", String.join(",", paths))),
        options.list("steps", "10,25,50,100,flat").stream().map(LoadStep::parse).toList(),
        options.list("automatic-steps", "1,2,4").stream().map(LoadStep::parse).toList(),
        options.duration("duration", "10"),
        options.duration("drain", "15"),
        options.integer("operators", "8"),
        options.integer("flat-creators", "16"),
        options.integer("max-tasks", "1500"),
        options.integer("projection-events", "12000"),
        options.integer("projection-rate", "1800"),
        options.duration("projection-duration", "10"),
        options.duration("projection-drain", "15"),
        options.integer("volume-tasks", "100000"),
        options.integer("volume-writers", "4"),
        options.integer("volume-batch", "50"),
        options.duration("volume-drain", "1200"),
        options.integer("query-warmup", "50"),
        options.integer("query-samples", "400"),
        Boolean.parseBoolean(options.text("baseline", "true")),
        options.duration("baseline-budget", "15"),
        SecondLoupe.parse(options.text("second-loupe", SecondLoupe.ADMISSION_OFF.option)),
        options.integer("images", "12"),
        Long.parseLong(options.text("seed", "5")),
        options.integer("threads", "2"),
        Path.of(options.text("app-jar", "local/target/loupe-local.jar")),
        options.text("app-heap", "1g"),
        options.duration("startup-timeout", "300"),
        Path.of(options.text("out", defaultOut())));
    options.rejectUnknown();
    for (String path : parsed.paths) {
      if (!paths.contains(path)) {
        throw new IllegalArgumentException("no path " + path + " here; known: " + String.join(", ", paths));
      }
    }
    if (parsed.paths.isEmpty()) {
      throw new IllegalArgumentException("--paths names no path\n" + USAGE);
    }
    return parsed;
  }

  boolean measures(String path) {
    return paths.contains(path);
  }

  static String defaultOut() {
    return Files.isDirectory(Path.of("benchmarks", "src")) ? "benchmarks/reports" : "reports";
  }

  /** One offered load: {@code tasksPerSecond} paced, or flat out when it is 0. */
  record LoadStep(double tasksPerSecond) {

    static final LoadStep FLAT = new LoadStep(0);

    static LoadStep parse(String text) {
      if (text.equals("flat")) {
        return FLAT;
      }
      double rate = Double.parseDouble(text);
      if (!(rate > 0)) {
        throw new IllegalArgumentException("a step is a rate above 0 or flat, got " + text);
      }
      return new LoadStep(rate);
    }

    boolean flat() {
      return tasksPerSecond == 0;
    }

    /** {@code 25/s} or {@code flat}, as the report names the step. */
    String label() {
      if (flat()) {
        return "flat";
      }
      return tasksPerSecond == Math.rint(tasksPerSecond)
          ? (long) tasksPerSecond + "/s"
          : tasksPerSecond + "/s";
    }
  }

  /** Reads options by name, remembering which were read so that a misspelt one is refused. */
  static final class Options {
    private final Map<String, String> given;
    private final Set<String> read = new HashSet<>();

    Options(Map<String, String> given) {
      this.given = given;
    }

    /** The {@code --name=value} arguments; anything else is refused with {@code usage}. */
    static Options of(String usage, String... args) {
      Map<String, String> given = new LinkedHashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=")) {
          throw new IllegalArgumentException("expected --name=value, got " + arg + "\n" + usage);
        }
        given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      return new Options(given);
    }

    String text(String name, String fallback) {
      read.add(name);
      return given.getOrDefault(name, fallback);
    }

    List<String> list(String name, String fallback) {
      return Arrays.stream(text(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    int integer(String name, String fallback) {
      int value = Integer.parseInt(text(name, fallback));
      if (value < 1) {
        throw new IllegalArgumentException("--" + name + " must be at least 1, got " + value);
      }
      return value;
    }

    Duration duration(String name, String fallback) {
      String value = text(name, fallback);
      Duration parsed;
      if (value.endsWith("ms")) {
        parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else {
        double seconds = Double.parseDouble(value.endsWith("s") ? value.substring(0, value.length() - 1) : value);
        parsed = Duration.ofNanos(Math.round(seconds * 1e9));
      }
      if (parsed.isNegative() || parsed.isZero()) {
        throw new IllegalArgumentException("--" + name + " must be longer than 0, got " + value);
      }
      return parsed;
    }

    void rejectUnknown() {
      for (String name : given.keySet()) {
        if (!read.contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
        }
      }
    }
  }
}
