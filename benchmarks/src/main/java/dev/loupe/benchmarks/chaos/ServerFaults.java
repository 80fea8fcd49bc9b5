package dev.loupe.benchmarks.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGKILLs the embedded servers that run as processes of their own, found through the application's process tree:
 * the harness's child is Loupe's JVM, and Elasticsearch's server JVM is among its descendants. PostgreSQL is started
 * by {@code pg_ctl}, which detaches the postmaster from its parent, so it is found by the pid file of the run's data
 * directory instead, checked to be a {@code postgres} process. Loupe's log then says when it started a killed one
 * again ({@code Restarted embedded <server>}).
 */
final class ServerFaults {

  private static final Logger log = LoggerFactory.getLogger(ServerFaults.class);

  private final Path runDirectory;

  ServerFaults(Path runDirectory) {
    this.runDirectory = runDirectory;
  }

  /** SIGKILLs PostgreSQL's postmaster; answers its pid. */
  long killPostgres() throws IOException, InterruptedException {
    Path pidFile = runDirectory.resolve("data").resolve("postgres").resolve("postmaster.pid");
    ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()))
        .filter(handle -> handle.info().command().orElse("").endsWith("/postgres"))
        .orElseThrow(() -> new IllegalStateException("no running postmaster is named by " + pidFile));
    return kill(postmaster, "PostgreSQL");
  }

  /** SIGKILLs Elasticsearch's server JVM, a descendant of Loupe's; answers its pid. */
  long killElasticsearch() throws InterruptedException {
    ProcessHandle server = loupeProcesses().stream()
        .filter(handle -> handle.info().commandLine().orElse("").contains("org.elasticsearch.bootstrap.Elasticsearch"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Elasticsearch server process under Loupe's"));
    return kill(server, "Elasticsearch");
  }

  /** How many times Loupe's log says it started {@code server} again after it died. */
  int restarts(String server) throws IOException {
    Path logFile = runDirectory.resolve("loupe.log");
    String line = "Restarted embedded " + server + " at";
    try (var lines = Files.lines(logFile)) {
      return (int) lines.filter(text -> text.contains(line)).count();
    }
  }

  /** How many times Loupe's log says it reached the fault point {@code point}. */
  int reached(String point) throws IOException {
    String line = "loupe fault point " + point + " reached";
    try (var lines = Files.lines(runDirectory.resolve("loupe.log"))) {
      return (int) lines.filter(text -> text.contains(line)).count();
    }
  }

  /** When Loupe's log wrote its {@code nth} line (1 for the first) containing {@code text}, by the line's own time. */
  Optional<Instant> loggedAt(String text, int nth) throws IOException {
    try (var lines = Files.lines(runDirectory.resolve("loupe.log"))) {
      return lines.filter(line -> line.contains(text)).skip(nth - 1L).findFirst()
          .flatMap(ServerFaults::timeOf);
    }
  }

  private static Optional<Instant> timeOf(String line) {
    try {
      return Optional.of(OffsetDateTime.parse(line.split("\\s+", 2)[0]).toInstant());
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }

  /** Loupe's JVM (the harness's one child) and every process under it. */
  private static List<ProcessHandle> loupeProcesses() {
    Optional<ProcessHandle> loupe = ProcessHandle.current().children()
        .filter(handle -> handle.info().command().orElse("").endsWith("/java")).findFirst();
    return loupe.map(handle -> handle.descendants().toList()).orElse(List.of());
  }

  private static long kill(ProcessHandle process, String server) throws InterruptedException {
    log.info("SIGKILL {} (pid {})", server, process.pid());
    process.destroyForcibly();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(server + " (pid " + process.pid() + ") did not exit after SIGKILL", e);
    }
    return process.pid();
  }
}
