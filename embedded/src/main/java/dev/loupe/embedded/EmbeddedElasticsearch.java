package dev.loupe.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch, from the distribution zip on Maven Central that the build bundles, run as a child
 * process. Elasticsearch refuses to run as root, so when Loupe runs as root it is started as {@code nobody}.
 * Data stays in {@code <data-dir>/elasticsearch} across restarts.
 */
final class EmbeddedElasticsearch implements EmbeddedServer {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
  private static final String DISTRIBUTION = "/dev/loupe/embedded/elasticsearch/elasticsearch.zip";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String UNPRIVILEGED_USER = "nobody";
  private static final String UNPRIVILEGED_GROUP = "nogroup";

  private final Path home;
  private final int httpPort;
  private final int transportPort;
  private final String heap;
  private Process process;

  EmbeddedElasticsearch(Path home, int httpPort, int transportPort, String heap) {
    this.home = home;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
    this.heap = heap;
  }

  @Override
  public String name() {
    return "Elasticsearch";
  }

  @Override
  public Map<String, String> start() throws Exception {
    Path distribution = unpackDistribution();
    Path config = home.resolve("config");
    Path data = Files.createDirectories(home.resolve("data"));
    Path logs = Files.createDirectories(home.resolve("logs"));
    Path tmp = Files.createDirectories(home.resolve("tmp"));
    if (!Files.exists(config.resolve("elasticsearch.yml"))) {
      copyTree(distribution.resolve("config"), config);
    }
    Path pidFile = home.resolve("elasticsearch.pid");
    stopLeftoverServer(home);
    boolean root = isRoot();
    if (root) {
      run("chown", "-R", UNPRIVILEGED_USER + ":" + UNPRIVILEGED_GROUP, home.toString());
    }
    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=" + UNPRIVILEGED_GROUP,
          "--clear-groups", "--reset-env", "env",
          "ES_JAVA_HOME=" + System.getProperty("java.home"),
          "ES_PATH_CONF=" + config,
          "ES_TMPDIR=" + tmp,
          "ES_JAVA_OPTS=-Xms" + heap + " -Xmx" + heap,
          "PATH=/usr/bin:/bin"));
    }
    command.add(distribution.resolve("bin/elasticsearch").toString());
    command.addAll(List.of(
        "-p", pidFile.toString(),
        "-Ecluster.name=loupe",
        "-Enode.name=loupe-embedded",
        "-Ediscovery.type=single-node",
        "-Expack.security.enabled=false",
        "-Enetwork.host=127.0.0.1",
        "-Ehttp.port=" + httpPort,
        "-Etransport.port=" + transportPort,
        "-Epath.data=" + data,
        "-Epath.logs=" + logs,
        "-Ecluster.routing.allocation.disk.threshold_enabled=false",
        "-Eaction.destructive_requires_name=false"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("console.log").toFile());
    if (!root) {
      builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
      builder.environment().put("ES_PATH_CONF", config.toString());
      builder.environment().put("ES_TMPDIR", tmp.toString());
      builder.environment().put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
    }
    process = builder.start();
    awaitHealthy();
    return Map.of("spring.elasticsearch.uris", "http://" + address());
  }

  private Path unpackDistribution() throws IOException {
    Path target = home.getParent().resolve("elasticsearch-distribution");
    Path marker = target.resolve(".unpacked");
    if (!Files.exists(marker)) {
      try (InputStream zip = EmbeddedElasticsearch.class.getResourceAsStream(DISTRIBUTION)) {
        if (zip == null) {
          throw new EmbeddedServerException("The Elasticsearch distribution is missing from Loupe's jar.",
              "Rebuild Loupe with ./loupe build.");
        }
        unzip(zip, target);
      }
      Files.writeString(marker, "");
    }
    try (Stream<Path> entries = Files.list(target)) {
      return entries.filter(Files::isDirectory).findFirst()
          .orElseThrow(() -> new IllegalStateException("no Elasticsearch home under " + target));
    }
  }

  private static void unzip(InputStream source, Path target) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(source)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path file = target.resolve(entry.getName()).normalize();
        if (!file.startsWith(target)) {
          throw new IOException("zip entry outside its target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(file);
          continue;
        }
        Files.createDirectories(file.getParent());
        Files.copy(zip, file, StandardCopyOption.REPLACE_EXISTING);
        if (file.getParent().getFileName().toString().equals("bin")
            || file.getFileName().toString().equals("jspawnhelper")) {
          Files.setPosixFilePermissions(file, EnumSet.of(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
              PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
              PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
        }
      }
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * An Elasticsearch left running by a Loupe that was killed holds our ports and data lock: stop it, before its
   * ports are checked.
   */
  static void stopLeftoverServer(Path home) throws Exception {
    Path pidFile = home.resolve("elasticsearch.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
        .filter(ProcessHandle::isAlive)
        .filter(handle -> handle.info().commandLine().orElse("").contains("org.elasticsearch"));
    if (leftover.isPresent()) {
      log.warn("stopping Elasticsearch (pid {}) left over by an earlier run", leftover.get().pid());
      leftover.get().destroy();
      leftover.get().onExit().get(30, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(pidFile);
  }

  private void awaitHealthy() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(
            URI.create("http://" + address() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
        .timeout(Duration.ofSeconds(3))
        .build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new EmbeddedServerException(
            "Elasticsearch exited with code %d while starting: %s"
                .formatted(process.exitValue(), lastLine(home.resolve("console.log"))),
            "Read " + home.resolve("console.log") + " and " + home.resolve("logs") + ".");
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        log.trace("Elasticsearch not listening yet", notYetListening);
      }
      Thread.sleep(250);
    }
    stop();
    throw new EmbeddedServerException("Elasticsearch did not become healthy within " + START_TIMEOUT.toSeconds() + " s.",
        "Read " + home.resolve("console.log") + ".");
  }

  private static String lastLine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(no output)";
    }
    List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
    return lines.isEmpty() ? "(no output)" : lines.getLast();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process chown = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(chown.getInputStream().readAllBytes());
    if (chown.waitFor() != 0) {
      throw new EmbeddedServerException("'%s' failed: %s".formatted(String.join(" ", command), output.strip()),
          "Check the permissions of the Loupe data directory.");
    }
  }

  @Override
  public String address() {
    return "127.0.0.1:" + httpPort;
  }

  @Override
  public List<Integer> ports() {
    return List.of(httpPort, transportPort);
  }

  /** Whether both the launcher Loupe started and the server process it named in {@code elasticsearch.pid} run. */
  @Override
  public boolean alive() {
    if (process == null || !process.isAlive()) {
      return false;
    }
    try {
      String pid = Files.readString(home.resolve("elasticsearch.pid")).trim();
      return pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException noPidFileYet) {
      return true;
    }
  }

  @Override
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
