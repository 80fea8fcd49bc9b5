package dev.loupe.benchmarks.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loupe's local distribution as a child process: {@code java -jar loupe-local.jar} with a fresh data directory and
 * every port free (the HTTP port chosen here, the embedded servers' ports 0, read back from the log's
 * {@code Started embedded <server> at 127.0.0.1:<port>} lines). Stopping sends SIGTERM and waits, so the
 * application stops its embedded servers (Elasticsearch and PostgreSQL are child processes of it) itself.
 */
public final class LoupeProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LoupeProcess.class);
  private static final Pattern STARTED = Pattern.compile("Started embedded (.+?) at ([0-9.]+:[0-9]+) in");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path logFile;
  private final int httpPort;
  private final String adminPassword;
  private final Thread stopOnExit;

  private LoupeProcess(Process process, Path logFile, int httpPort, String adminPassword) {
    this.adminPassword = adminPassword;
    this.process = process;
    this.logFile = logFile;
    this.httpPort = httpPort;
    this.stopOnExit = new Thread(this::stop, "stop-loupe");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * A fresh temporary folder for a run's data and log, readable by all: Elasticsearch runs as an unprivileged user
   * and must be able to reach the data directory.
   */
  public static Path newRunDirectory(String prefix) throws IOException {
    Path directory = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return directory;
  }

  /** Starts the jar with its data under {@code runDirectory}/data and its output in {@code runDirectory}/loupe.log. */
  static LoupeProcess start(Path jar, String heap, Path runDirectory) throws IOException {
    return start(jar, heap, runDirectory, freePort(), UUID.randomUUID().toString(), List.of());
  }

  /**
   * The same on a given port, with {@code admin}'s password chosen: a process started again on the same data keeps
   * both, as its clients expect.
   */
  public static LoupeProcess start(Path jar, String heap, Path runDirectory, int httpPort, String adminPassword,
      List<String> systemProperties) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": build Loupe's local distribution first, from the repository "
          + "root: ./mvnw -B -q -DskipTests package");
    }
    Path logFile = runDirectory.resolve("loupe.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap));
    command.addAll(systemProperties);
    command.addAll(List.of(
        "-jar", jar.toAbsolutePath().toString(),
        "--loupe.data-dir=" + runDirectory.resolve("data"),
        "--server.port=" + httpPort,
        "--server.address=127.0.0.1",
        "--loupe.embedded.zeebe.port=0",
        "--loupe.embedded.postgres.port=0",
        "--loupe.embedded.kafka.port=0",
        "--loupe.embedded.kafka.controller-port=0",
        "--loupe.embedded.elasticsearch.port=0",
        "--loupe.embedded.elasticsearch.transport-port=0",
        "--loupe.embedded.inference.port=0",
        "--loupe.recipes.watch-directory=",
        "--loupe.security.admin-password=" + adminPassword));
    log.info("starting Loupe: {} (log: {})", String.join(" ", command), logFile);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    return new LoupeProcess(process, logFile, httpPort, adminPassword);
  }

  /** The password {@code admin} was made with: this run's own, random. */
  public String adminPassword() {
    return adminPassword;
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  Path logFile() {
    return logFile;
  }

  /** Waits until {@code /actuator/health} answers UP; fails when the process ends or the timeout passes. */
  public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
    awaitStatus(timeout, false);
  }

  /**
   * Waits until {@code /actuator/health} answers UP, or WARN: Loupe serves, and a read model's dead letters or
   * quarantined streams wait for someone to look (whoever waits reports them); fails when the process ends or the
   * timeout passes.
   */
  public void awaitServing(Duration timeout) throws IOException, InterruptedException {
    awaitStatus(timeout, true);
  }

  private void awaitStatus(Duration timeout, boolean warnServes) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Loupe exited with " + process.exitValue() + " while starting; see " + logFile);
      }
      try {
        HttpResponse<String> health = http.send(
            HttpRequest.newBuilder(baseUri().resolve("/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        last = health.statusCode() + " " + health.body();
        if (health.statusCode() == 200 && (health.body().startsWith("{\"status\":\"UP\"")
            || warnServes && health.body().startsWith("{\"status\":\"WARN\""))) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Loupe was not healthy within " + timeout.toSeconds() + " s (last: "
        + (last.length() > 300 ? last.substring(0, 300) + "…" : last) + "); see " + logFile);
  }

  /** Where the log says the embedded {@code server} ({@code Kafka}, {@code Elasticsearch}, …) listens. */
  Optional<String> embeddedAddress(String server) throws IOException {
    return embeddedAddress(Files.readAllLines(logFile), server);
  }

  /** The same, failing when the log has no such line. */
  public String requireEmbeddedAddress(String server) throws IOException {
    return embeddedAddress(server).orElseThrow(() -> new IllegalStateException(
        "no \"Started embedded " + server + " at\" line in " + logFile));
  }

  /** The last such line: a process started again on the same log appends its own. */
  static Optional<String> embeddedAddress(List<String> logLines, String server) {
    Optional<String> address = Optional.empty();
    for (String line : logLines) {
      Matcher matcher = STARTED.matcher(line);
      if (matcher.find() && matcher.group(1).equals(server)) {
        address = Optional.of(matcher.group(2));
      }
    }
    return address;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs, the embedded servers' processes are left. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, then waits for the application to stop its servers; SIGKILL only after a minute. */
  void stop() {
    if (!process.isAlive()) {
      return;
    }
    log.info("stopping Loupe (pid {})", process.pid());
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("Loupe did not stop within {} s: killing it and its children", STOP_TIMEOUT.toSeconds());
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
