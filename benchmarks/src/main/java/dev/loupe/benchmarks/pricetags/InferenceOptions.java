package dev.loupe.benchmarks.pricetags;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inference benchmark's settings, from {@code --name=value} arguments; the defaults keep a run under three
 * minutes on 2 cores and give a set of more than 200 tags.
 */
record InferenceOptions(
    int images, long seed, int clients, int rounds, int threads, int warmup, List<InferenceSystem> systems, Path out) {

  static final String USAGE = """
      options (defaults in brackets):
        --images=60                     synthetic shelf images in the set (4-6 tags each)
        --seed=5                        the set's seed: the same seed renders the same set
        --clients=4                     concurrent clients of the throughput runs (the latency runs have 1)
        --rounds=3                      portions of the set the throughput runs take turns on, system by system
        --threads=2                     ONNX Runtime intra-op threads per model, server and in-process alike
        --warmup=6                      images each system reads unmeasured before its first run
        --systems=in-process,grpc,grpc-unbatched
        --out=benchmarks/reports        where inference-latest.md and .csv go [benchmarks/reports, or reports
                                        when run from inside benchmarks/]
      """;

  static InferenceOptions parse(String... args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg + "\n" + USAGE);
      }
      given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Set<String> read = new HashSet<>();
    InferenceOptions options = new InferenceOptions(
        positive("images", text(given, read, "images", "60")),
        Long.parseLong(text(given, read, "seed", "5")),
        positive("clients", text(given, read, "clients", "4")),
        positive("rounds", text(given, read, "rounds", "3")),
        positive("threads", text(given, read, "threads", "2")),
        Integer.parseInt(text(given, read, "warmup", "6")),
        Arrays.stream(text(given, read, "systems", "in-process,grpc,grpc-unbatched").split(","))
            .map(String::trim).filter(key -> !key.isEmpty()).map(InferenceSystem::byKey).distinct().toList(),
        Path.of(text(given, read, "out", defaultOut())));
    for (String name : given.keySet()) {
      if (!read.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
      }
    }
    if (options.warmup() < 0 || options.warmup() > options.images()) {
      throw new IllegalArgumentException("--warmup must be between 0 and --images, got " + options.warmup());
    }
    if (options.systems().isEmpty()) {
      throw new IllegalArgumentException("--systems names no system\n" + USAGE);
    }
    return options;
  }

  /** The client counts measured: 1 (latency), then {@link #clients()} (throughput) when that is more. */
  List<Integer> clientCounts() {
    return clients == 1 ? List.of(1) : List.of(1, clients);
  }

  private static String text(Map<String, String> given, Set<String> read, String name, String fallback) {
    read.add(name);
    return given.getOrDefault(name, fallback);
  }

  private static int positive(String name, String value) {
    int parsed = Integer.parseInt(value);
    if (parsed < 1) {
      throw new IllegalArgumentException("--" + name + " must be at least 1, got " + value);
    }
    return parsed;
  }

  private static String defaultOut() {
    return Files.isDirectory(Path.of("benchmarks", "src")) ? "benchmarks/reports" : "reports";
  }
}
