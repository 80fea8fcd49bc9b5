package dev.loupe.embedded;

import dev.loupe.inference.server.ClasspathModelRepository;
import dev.loupe.inference.server.EmbeddedModelServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedded model server: Triton's gRPC protocol over the triton-models repository, run with ONNX Runtime
 * in-process. The repository is unpacked from the classpath into {@code <data-dir>/models}
 * ({@code loupe.embedded.inference.repository}): a model folder added there is served after a load request.
 */
final class EmbeddedInferenceServer implements EmbeddedServer {

  private final Path repository;
  private final int port;
  private final int threads;
  private EmbeddedModelServer server;

  EmbeddedInferenceServer(Path repository, int port, int threads) {
    this.repository = repository;
    this.port = port;
    this.threads = threads;
  }

  @Override
  public String name() {
    return "model server";
  }

  @Override
  public Map<String, String> start() throws Exception {
    Path models = ClasspathModelRepository.extractTo(repository);
    server = EmbeddedModelServer.start(models, "127.0.0.1", port, threads);
    return Map.of("loupe.inference.url", address(),
        "loupe.embedded.inference.repository", models.toAbsolutePath().toString());
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public List<Integer> ports() {
    return List.of(port);
  }

  @Override
  public void stop() {
    if (server != null) {
      try {
        server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
