package dev.loupe.benchmarks.e2e;

import dev.loupe.benchmarks.MachineFacts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every report of a harness run that starts Loupe says first and last: when it ran, how long, with which
 * arguments, the machine's load at the start and the end, the machine and the run's facts; and its notes.
 */
abstract class RunReport {

  private static final Logger log = LoggerFactory.getLogger(RunReport.class);

  private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final String loadAtStart;
  private final String arguments;
  private final Map<String, String> machine;
  private final Map<String, String> facts = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private double seconds = Double.NaN;

  RunReport(String arguments, Map<String, String> machine, String loadAtStart) {
    this.arguments = arguments;
    this.machine = new LinkedHashMap<>(machine);
    this.loadAtStart = loadAtStart;
  }

  void fact(String name, String value) {
    facts.put(name, value);
  }

  void note(String note) {
    notes.add(note);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  void finished(double seconds) {
    this.seconds = seconds;
  }

  /** What a harness run does between start and report. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body}, notes a failure, writes the report into {@code out} and prints it, then exits: 0 after a
   * good run, 1 after a failed one (the report holds what was measured before).
   */
  void runAndExit(Body body, Path out) throws IOException {
    long began = System.nanoTime();
    int exit = 0;
    try {
      body.run();
    } catch (Exception e) {
      log.error("the benchmark failed: {}", e.toString(), e);
      note("**The run failed**: " + e + ". The tables hold what was measured before.");
      exit = 1;
    }
    finished((System.nanoTime() - began) / 1e9);
    Path directory = out.toAbsolutePath().normalize();
    String markdown = write(directory);
    System.out.println();
    System.out.println(markdown);
    log.info("report written to {}", directory);
    System.exit(exit);
  }

  /** The options {@code parse} makes of the arguments; a usage error ends the JVM with exit code 2. */
  static <T> T optionsOrExit(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  /** After a good run deletes the run's folder; after a failed one keeps it and says where it is. */
  void keepOrDelete(Path runDirectory, boolean failed) {
    if (failed) {
      log.info("kept {} (Loupe's log: loupe.log)", runDirectory);
      note("Loupe's log and data were kept in `" + runDirectory + "`.");
      return;
    }
    try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(runDirectory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.warn("could not delete {}: {}", runDirectory, e.getMessage());
    }
  }

  /** Writes the report's files into {@code directory}; answers the markdown. */
  abstract String write(Path directory) throws IOException;

  /** The title, the run's line and the machine table. */
  void header(StringBuilder md, String title) {
    md.append("# ").append(title).append("\n\n");
    md.append("Run ").append(startedAt).append(Double.isNaN(seconds) ? "" : ", took " + Math.round(seconds) + " s")
        .append(", arguments: `").append(arguments.isBlank() ? "(defaults)" : arguments).append("`. ")
        .append("Load average ").append(loadAtStart).append(" at the start, ").append(MachineFacts.loadAverage())
        .append(" at the end.\n\n");
    md.append("| machine | |\n| --- | --- |\n");
    machine.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
    facts.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
  }

  /** The notes section, when there is anything to note. */
  static void notes(StringBuilder md, List<String> notes) {
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(note -> md.append("- ").append(note).append('\n'));
    }
  }
}
