package dev.loupe.benchmarks;

import dev.loupe.benchmarks.append.AppendSystem;
import dev.loupe.benchmarks.support.Durability;
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
 * The harness's settings, from {@code --name=value} arguments; the defaults keep a whole run around three minutes.
 * Durations are seconds ({@code 4}, {@code 2.5}) or milliseconds ({@code 500ms}). {@code --pg.<setting>=<value>}
 * passes a server setting to PostgreSQL ({@code --pg.synchronous_commit=on}).
 */
record BenchmarkOptions(
    Set<String> parts,
    List<AppendSystem> systems,
    List<Integer> writers,
    List<Integer> batchWriters,
    int batchSize,
    Duration jitWarmup,
    Duration warmup,
    Duration duration,
    int fatBoxes,
    int fatWarmups,
    int fatRuns,
    int relayWriters,
    int relayRate,
    Duration relayDuration,
    Duration relayDrainTimeout,
    Durability durability,
    List<Integer> durabilityWriters,
    List<Integer> durabilityBatchWriters,
    Path out,
    Map<String, String> postgresSettings) {

  static final String USAGE = """
      options (defaults in brackets):
        --parts=append,durability,fat,relay
                                        what to measure [all four]
        --systems=loupe,axon,insert,copy
        --writers=1,4,16,64             concurrent writers, one event per append
        --batch-writers=1,4,16          concurrent writers, --batch-size events per append
        --batch-size=100
        --jit-warmup=2                  seconds each system runs before the first measurement
        --warmup=1 --duration=4         seconds of warm-up, then of measurement, for each run
        --fat-boxes=5000 --fat-warmups=5 --fat-runs=50
        --relay-writers=4 --relay-duration=4 --relay-drain-timeout=120
        --relay-rate=200                events/s of the relay's paced run (the other two append flat out)
        --durability=durable            the server's commits: durable (fsync, synchronous_commit and
                                        full_page_writes on, as Loupe runs it) or fast (all off)
        --durability-writers=1,16       Loupe's single appends on a durable and on a fast server
        --durability-batch-writers=1,4  Loupe's batches on both (the durability part)
        --out=benchmarks/reports        where latest.md and latest.csv go [benchmarks/reports, or reports
                                        when run from inside benchmarks/]
        --pg.<setting>=<value>          a PostgreSQL server setting, e.g. --pg.synchronous_commit=on
      """;

  static BenchmarkOptions parse(String... args) {
    Map<String, String> given = new LinkedHashMap<>();
    Map<String, String> postgres = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg + "\n" + USAGE);
      }
      String name = arg.substring(2, arg.indexOf('='));
      String value = arg.substring(arg.indexOf('=') + 1);
      if (name.startsWith("pg.")) {
        postgres.put(name.substring(3), value);
      } else {
        given.put(name, value);
      }
    }
    Options options = new Options(given);
    BenchmarkOptions parsed = new BenchmarkOptions(
        Set.copyOf(options.list("parts", "append,durability,fat,relay")),
        options.list("systems", "loupe,axon,insert,copy").stream().map(AppendSystem::byKey).toList(),
        options.integers("writers", "1,4,16,64"),
        options.integers("batch-writers", "1,4,16"),
        options.integer("batch-size", "100"),
        options.duration("jit-warmup", "2"),
        options.duration("warmup", "1"),
        options.duration("duration", "4"),
        options.integer("fat-boxes", "5000"),
        options.integer("fat-warmups", "5"),
        options.integer("fat-runs", "50"),
        options.integer("relay-writers", "4"),
        options.integer("relay-rate", "200"),
        options.duration("relay-duration", "4"),
        options.duration("relay-drain-timeout", "120"),
        Durability.byKey(options.text("durability", "durable")),
        options.integers("durability-writers", "1,16"),
        options.integers("durability-batch-writers", "1,4"),
        Path.of(options.text("out", defaultOut())),
        Map.copyOf(postgres));
    options.rejectUnknown();
    for (String part : parsed.parts) {
      if (!Set.of("append", "durability", "fat", "relay").contains(part)) {
        throw new IllegalArgumentException("no part " + part + "; known: append, durability, fat, relay");
      }
    }
    return parsed;
  }

  boolean measures(String part) {
    return parts.contains(part);
  }

  private static String defaultOut() {
    return Files.isDirectory(Path.of("benchmarks", "src")) ? "benchmarks/reports" : "reports";
  }

  /** Reads options by name, remembering which were read so that a misspelt one is refused. */
  private static final class Options {
    private final Map<String, String> given;
    private final Set<String> read = new HashSet<>();

    Options(Map<String, String> given) {
      this.given = given;
    }

    String text(String name, String fallback) {
      read.add(name);
      return given.getOrDefault(name, fallback);
    }

    List<String> list(String name, String fallback) {
      return Arrays.stream(text(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    int integer(String name, String fallback) {
      return positive(name, Integer.parseInt(text(name, fallback)));
    }

    List<Integer> integers(String name, String fallback) {
      return list(name, fallback).stream().map(value -> positive(name, Integer.parseInt(value))).toList();
    }

    Duration duration(String name, String fallback) {
      String value = text(name, fallback);
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      double seconds = Double.parseDouble(value.endsWith("s") ? value.substring(0, value.length() - 1) : value);
      return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    void rejectUnknown() {
      for (String name : given.keySet()) {
        if (!read.contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
        }
      }
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException("--" + name + " must be at least 1, got " + value);
      }
      return value;
    }
  }
}
