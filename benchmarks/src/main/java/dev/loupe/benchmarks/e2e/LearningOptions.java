package dev.loupe.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The learning-curve benchmark's settings, from {@code --name=value} arguments. The defaults keep a whole run, the
 * application's start-up included, within fifteen minutes on 2 cores: about 1,200 drawn boxes on about 50 tasks and
 * five training runs.
 */
record LearningOptions(
    List<Integer> checkpoints,
    int tail,
    boolean override,
    long seed,
    Duration trainTimeout,
    Duration taskTimeout,
    Path appJar,
    String appHeap,
    Duration startupTimeout,
    Path out) {

  static final String USAGE = """
      options (defaults in brackets):
        --checkpoints=50,100,200,500,1000       verified objects at which training is started (ascending)
        --tail=200                              objects verified after the last training, to measure its suggestions
        --override=false                        train with {"override": true}: deploy whatever the gate says
        --seed=21                               the synthetic shelf set's seed
        --train-timeout=180                     seconds to wait, at most, for one training run to end
        --task-timeout=60                       seconds to wait, at most, for a task to reach the inbox or be done
        --app-jar=local/target/loupe-local.jar  the local distribution (./mvnw -B -q -DskipTests package)
        --app-heap=1g                           the application's -Xmx
        --startup-timeout=300                   seconds to wait for /actuator/health UP
        --out=benchmarks/reports                where learning-latest.md and .csv go
      """;

  static LearningOptions parse(String... args) {
    E2eOptions.Options options = E2eOptions.Options.of(USAGE, args);
    List<Integer> checkpoints = options.list("checkpoints", "50,100,200,500,1000").stream()
        .map(Integer::parseInt).toList();
    LearningOptions parsed = new LearningOptions(
        checkpoints,
        options.integer("tail", "200"),
        Boolean.parseBoolean(options.text("override", "false")),
        Long.parseLong(options.text("seed", "21")),
        options.duration("train-timeout", "180"),
        options.duration("task-timeout", "60"),
        Path.of(options.text("app-jar", "local/target/loupe-local.jar")),
        options.text("app-heap", "1g"),
        options.duration("startup-timeout", "300"),
        Path.of(options.text("out", E2eOptions.defaultOut())));
    options.rejectUnknown();
    if (checkpoints.isEmpty()) {
      throw new IllegalArgumentException("--checkpoints names no checkpoint\n" + USAGE);
    }
    for (int i = 0; i < checkpoints.size(); i++) {
      if (checkpoints.get(i) < 1 || i > 0 && checkpoints.get(i) <= checkpoints.get(i - 1)) {
        throw new IllegalArgumentException("--checkpoints must be ascending and at least 1, got " + checkpoints);
      }
    }
    return parsed;
  }

  /** Verified objects after which the run stops drawing: the last checkpoint plus the tail. */
  int objectsToVerify() {
    return checkpoints.getLast() + tail;
  }
}
