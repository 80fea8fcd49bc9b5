package dev.loupe.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of the embedded default, started in parallel once per JVM (every Spring context of a test run
 * shares them), watched by an {@link EmbeddedSupervisor} that starts a dead one again, and stopped in reverse order
 * after the application contexts have closed.
 */
final class EmbeddedStack {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
  private static Map<String, String> started;
  private static final List<EmbeddedServer> running = new CopyOnWriteArrayList<>();
  private static final Set<String> stoppedOnRequest = ConcurrentHashMap.newKeySet();
  static final Duration SUPERVISION_PERIOD = Duration.ofSeconds(2);
  private static ScheduledExecutorService supervision;

  private EmbeddedStack() {}

  /** Starts what the settings ask for, the first time only; returns the properties pointing at the servers. */
  static synchronized Map<String, String> startOnce(EmbeddedSettings settings) {
    if (started == null) {
      started = start(servers(settings));
      supervise();
    }
    return started;
  }

  private static void supervise() {
    EmbeddedSupervisor supervisor = new EmbeddedSupervisor(() -> running.stream()
        .filter(server -> !stoppedOnRequest.contains(server.name())).toList(), EmbeddedSupervisor::jvmShuttingDown);
    supervision = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "embedded-supervisor");
      thread.setDaemon(true);
      return thread;
    });
    supervision.scheduleWithFixedDelay(() -> {
      synchronized (EmbeddedStack.class) {
        supervisor.restartDead();
      }
    }, SUPERVISION_PERIOD.toMillis(), SUPERVISION_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether an embedded server of that name was started. */
  static synchronized boolean runs(String name) {
    return running.stream().anyMatch(server -> server.name().equals(name));
  }

  /** Stops a server now and starts it again after {@code outage}, on a thread of its own. */
  static void stopFor(String name, Duration outage) {
    stop(name);
    Thread.ofPlatform().daemon().name("embedded-outage").start(() -> {
      try {
        Thread.sleep(outage);
        restart(name);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception failed) {
        log.error("Embedded {} did not start again after its outage: {}", name, failed.toString());
      }
    });
  }

  private static List<EmbeddedServer> servers(EmbeddedSettings settings) {
    Path data = settings.dataDirectory();
    List<EmbeddedServer> servers = new ArrayList<>();
    stopLeftovers(settings);
    if (settings.postgres()) {
      servers.add(new EmbeddedPostgresServer(data.resolve("postgres"),
          Ports.claim("PostgreSQL", "loupe.embedded.postgres.port", settings.postgresPort()),
          settings.postgresDurable()
              ? EmbeddedPostgresServer.Durability.DURABLE
              : EmbeddedPostgresServer.Durability.FAST));
    }
    if (settings.kafka()) {
      servers.add(new EmbeddedKafka(data.resolve("kafka"),
          Ports.claim("Kafka", "loupe.embedded.kafka.port", settings.kafkaPort()),
          Ports.claim("Kafka controller", "loupe.embedded.kafka.controller-port", settings.kafkaControllerPort())));
    }
    if (settings.elasticsearch()) {
      servers.add(new EmbeddedElasticsearch(elasticsearchHome(data),
          Ports.claim("Elasticsearch", "loupe.embedded.elasticsearch.port", settings.elasticsearchPort()),
          Ports.claim("Elasticsearch transport", "loupe.embedded.elasticsearch.transport-port",
              settings.elasticsearchTransportPort()),
          settings.elasticsearchHeap()));
    }
    if (settings.inference()) {
      servers.add(new EmbeddedInferenceServer(data.resolve("models"),
          Ports.claim("model server", "loupe.embedded.inference.port", settings.inferencePort()), 2));
    }
    if (settings.zeebe()) {
      servers.add(new EmbeddedZeebe(Ports.claim("Zeebe gateway", "loupe.embedded.zeebe.port", settings.zeebePort()),
          data.resolve("zeebe-state"), settings.zeebeState()));
    }
    return servers;
  }

  /** Servers a killed Loupe left running hold the ports and data we are about to use: stop them first. */
  private static void stopLeftovers(EmbeddedSettings settings) {
    try {
      if (settings.postgres()) {
        EmbeddedPostgresServer.stopLeftoverServer(settings.dataDirectory().resolve("postgres"));
      }
      if (settings.elasticsearch()) {
        EmbeddedElasticsearch.stopLeftoverServer(elasticsearchHome(settings.dataDirectory()));
      }
    } catch (Exception e) {
      throw new EmbeddedServerException("A server left over by an earlier run could not be stopped: " + e.getMessage(),
          "Stop it by hand, or delete " + settings.dataDirectory() + " to start afresh.", e);
    }
  }

  /**
   * Elasticsearch runs as {@code nobody} when Loupe runs as root, and nobody must be able to reach its files.
   * A data directory under a private folder (such as /root) is not reachable: its Elasticsearch then lives in
   * /var/tmp instead, and the log says so.
   */
  private static Path elasticsearchHome(Path data) {
    Path home = data.resolve("elasticsearch");
    if (!"root".equals(System.getProperty("user.name")) || reachableByOthers(data)) {
      return home.resolve("node");
    }
    Path fallback = Path.of("/var/tmp", "loupe-elasticsearch-" + Integer.toHexString(data.hashCode()));
    log.warn("{} is not reachable by the unprivileged user Elasticsearch runs as; its data goes to {}", data, fallback);
    return fallback.resolve("node");
  }

  private static boolean reachableByOthers(Path directory) {
    try {
      for (Path folder = directory.getParent(); folder != null; folder = folder.getParent()) {
        if (Files.exists(folder)
            && !Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Map<String, String> start(List<EmbeddedServer> servers) {
    if (servers.isEmpty()) {
      log.info("Every server is external: the embedded default starts nothing");
      return Map.of();
    }
    long begin = System.nanoTime();
    Map<String, String> properties = new HashMap<>();
    ExecutorService starter = Executors.newFixedThreadPool(servers.size());
    List<Future<Map<String, String>>> starts = new ArrayList<>();
    try {
      for (EmbeddedServer server : servers) {
        starts.add(starter.submit(() -> startOne(server)));
      }
      for (Future<Map<String, String>> start : starts) {
        properties.putAll(start.get());
      }
    } catch (ExecutionException failed) {
      awaitOthers(starts);
      stopAll();
      throw failed.getCause() instanceof EmbeddedServerException clear
          ? clear
          : new EmbeddedServerException("An embedded server failed to start: " + failed.getCause(),
              "See the log above for the cause.", failed.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopAll();
      throw new EmbeddedServerException("Interrupted while starting the embedded servers.", "Start Loupe again.");
    } finally {
      starter.shutdown();
    }
    log.info("Embedded servers up in {} ms: {}", (System.nanoTime() - begin) / 1_000_000,
        servers.stream().map(server -> server.name() + " " + server.address()).toList());
    return Map.copyOf(properties);
  }

  /** Lets the servers still starting finish (or fail), so stopping after a failure leaves none running. */
  private static void awaitOthers(List<Future<Map<String, String>>> starts) {
    for (Future<Map<String, String>> start : starts) {
      try {
        start.get();
      } catch (ExecutionException alsoFailed) {
        log.debug("another embedded server failed too", alsoFailed.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Map<String, String> startOne(EmbeddedServer server) throws Exception {
    long begin = System.nanoTime();
    log.info("Starting embedded {} at {}", server.name(), server.address());
    Map<String, String> properties;
    try {
      properties = server.start();
    } catch (EmbeddedServerException clear) {
      throw clear;
    } catch (Exception e) {
      throw new EmbeddedServerException("The embedded %s failed to start at %s: %s"
          .formatted(server.name(), server.address(), e.getMessage()), "See the log above for the cause.", e);
    }
    running.add(server);
    log.info("Started embedded {} at {} in {} ms", server.name(), server.address(), (System.nanoTime() - begin) / 1_000_000);
    return properties;
  }

  /** The ports every started server listens on, stopped or not (a stopped one comes back on the same ones). */
  static synchronized List<Integer> ports() {
    return running.stream().flatMap(server -> server.ports().stream()).toList();
  }

  /** Stops one running server, keeping its ports and data, so that {@link #restart} brings it back as it was. */
  static synchronized void stop(String name) {
    stoppedOnRequest.add(name);
    server(name).stop();
    log.warn("Stopped embedded {} on request", name);
  }

  /** Starts a server {@link #stop} stopped, on the same ports with the same data. */
  static synchronized void restart(String name) throws Exception {
    EmbeddedServer server = server(name);
    long begin = System.nanoTime();
    server.start();
    stoppedOnRequest.remove(name);
    log.info("Restarted embedded {} at {} in {} ms", name, server.address(), (System.nanoTime() - begin) / 1_000_000);
  }

  private static EmbeddedServer server(String name) {
    return running.stream().filter(server -> server.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no embedded " + name + " runs (running: "
            + running.stream().map(EmbeddedServer::name).toList() + ")"));
  }

  /** Stops every started server, last started first. */
  static synchronized void stopAll() {
    started = null;
    if (supervision != null) {
      supervision.shutdownNow();
      supervision = null;
    }
    stoppedOnRequest.clear();
    for (EmbeddedServer server : List.copyOf(running).reversed()) {
      try {
        server.stop();
        log.info("Stopped embedded {}", server.name());
      } catch (RuntimeException e) {
        log.warn("Embedded {} did not stop cleanly: {}", server.name(), e.getMessage());
      }
    }
    running.clear();
  }
}
