package dev.loupe.inference.server;

import dev.loupe.inference.TritonClient;
import dev.loupe.inference.protocol.GRPCInferenceServiceGrpc;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for Triton: serves a Triton model repository over the same KServe v2 gRPC protocol,
 * running each model's ONNX file with ONNX Runtime (on the CPU) as Triton's onnxruntime backend would.
 * Every model of the repository is loaded at start; models can then be loaded and unloaded over the protocol.
 */
public final class EmbeddedModelServer implements AutoCloseable {

  /** Triton's default gRPC port. */
  public static final int DEFAULT_PORT = 8001;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedModelServer.class);

  private final ModelRepository repository;
  private final Server server;
  private final ExecutorService executor;
  private final HealthStatusManager health;
  private volatile boolean ready;

  private EmbeddedModelServer(ModelRepository repository, Server server, ExecutorService executor,
      HealthStatusManager health) {
    this.repository = repository;
    this.server = server;
    this.executor = executor;
    this.health = health;
  }

  /**
   * Starts a server for the repository at {@code repository} on {@code host:port} (port 0: any free port), its
   * ONNX Runtime sessions using {@code threads} intra-op threads each, and loads every model of the repository.
   * A model that fails to load is logged and left UNAVAILABLE; the server still starts.
   */
  public static EmbeddedModelServer start(Path repository, String host, int port, int threads) throws IOException {
    return start(repository, host, port, threads, true);
  }

  /**
   * As {@link #start(Path, String, int, int)}; {@code dynamicBatching} false serves every model unbatched even when
   * its {@code config.pbtxt} asks for {@code dynamic_batching} (for comparisons).
   */
  public static EmbeddedModelServer start(Path repository, String host, int port, int threads,
      boolean dynamicBatching) throws IOException {
    if (!Files.isDirectory(repository)) {
      throw new IllegalArgumentException("no model repository at " + repository.toAbsolutePath());
    }
    long start = System.nanoTime();
    ModelRepository models = new ModelRepository(repository, threads, dynamicBatching);
    String version = Objects.requireNonNullElse(EmbeddedModelServer.class.getPackage().getImplementationVersion(), "development");
    EmbeddedModelServer[] self = new EmbeddedModelServer[1];
    ExecutorService executor = Executors.newCachedThreadPool(NativeThreads.factory("inference"));
    // grpc.health.v1.Health answers as ServerReady does, as Triton's CommonHandler::RegisterHealthCheck answers
    // SERVING exactly when TRITONSERVER_ServerIsReady (server src/grpc/grpc_server.cc): NOT_SERVING until every model
    // has been through its first load, and again once the server stops.
    HealthStatusManager health = new HealthStatusManager();
    setServing(health, ServingStatus.NOT_SERVING);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .maxInboundMessageSize(TritonClient.MAX_MESSAGE_BYTES)
        .executor(executor)
        .addService(new InferenceService(models, () -> self[0] != null && self[0].ready, version))
        .addService(health.getHealthService())
        .build();
    self[0] = new EmbeddedModelServer(models, server, executor, health);
    server.start();
    for (String model : models.modelNames()) {
      try {
        models.load(model);
      } catch (RuntimeException e) {
        log.warn("Model {} is not served: {}", model, e.getMessage());
      }
    }
    self[0].ready = true;
    setServing(health, ServingStatus.SERVING);
    log.info("Started embedded model server at {}:{} in {} ms, serving {} from {}", host, server.getPort(),
        (System.nanoTime() - start) / 1_000_000, models.index(true).stream().map(e -> e.name() + "/" + e.version()).toList(),
        repository.toAbsolutePath());
    return self[0];
  }

  /** How {@code model}'s dynamic batcher served requests since it loaded (zero counts when it does not batch). */
  public BatchingStats batchingStats(String model) {
    return repository.servable(model).batchingStats();
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** Whether every model of the repository has been through its first load. */
  public boolean isReady() {
    return ready && !server.isShutdown();
  }

  /** Stops accepting calls, waits up to 5 s for those in flight, then unloads every model. */
  @Override
  public void close() throws InterruptedException {
    ready = false;
    health.enterTerminalState();
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
    executor.shutdown();
    repository.close();
    log.info("Stopped embedded model server");
  }

  /** The whole server ("") and Triton's inference service, by name, as the health service reports them. */
  private static void setServing(HealthStatusManager health, ServingStatus status) {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    health.setStatus(GRPCInferenceServiceGrpc.SERVICE_NAME, status);
  }

  /**
   * Runs the server until the JVM stops: {@code --repository=<dir>} (default: the repository on the classpath,
   * extracted to a temporary directory), {@code --host=127.0.0.1}, {@code --port=8001}, {@code --threads=2}.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("arguments are --name=value, got '" + arg + "'");
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    options.keySet().stream()
        .filter(name -> !List.of("repository", "host", "port", "threads").contains(name))
        .findFirst()
        .ifPresent(name -> {
          throw new IllegalArgumentException("unknown option --" + name);
        });
    Path repository = options.containsKey("repository")
        ? Path.of(options.get("repository"))
        : ClasspathModelRepository.extractTo(Files.createTempDirectory("loupe-model-repository"));
    EmbeddedModelServer server = start(repository, options.getOrDefault("host", "127.0.0.1"),
        Integer.parseInt(options.getOrDefault("port", String.valueOf(DEFAULT_PORT))),
        Integer.parseInt(options.getOrDefault("threads", "2")));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }));
    stopped.await();
  }
}
