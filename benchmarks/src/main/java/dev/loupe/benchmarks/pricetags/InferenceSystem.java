package dev.loupe.benchmarks.pricetags;

import dev.loupe.inference.ModelInference;
import dev.loupe.inference.TritonClient;
import dev.loupe.inference.TritonClientSettings;
import dev.loupe.inference.server.BatchingStats;
import dev.loupe.inference.server.EmbeddedModelServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What answers the pipeline's model calls. The gRPC systems start an {@link EmbeddedModelServer} of their own in
 * the benchmark's JVM on a free loopback port and talk to it through Loupe's {@link TritonClient}, as the
 * application does; they differ only in whether the server's dynamic batcher runs. The in-process system calls
 * ONNX Runtime directly on the same files with the same intra-op threads.
 */
enum InferenceSystem {
  IN_PROCESS("in-process", "ONNX Runtime in-process"),
  GRPC("grpc", "gRPC, dynamic batching on"),
  GRPC_UNBATCHED("grpc-unbatched", "gRPC, dynamic batching off");

  private final String key;
  private final String label;

  InferenceSystem(String key, String label) {
    this.key = key;
    this.label = label;
  }

  String key() {
    return key;
  }

  String label() {
    return label;
  }

  static InferenceSystem byKey(String key) {
    return Arrays.stream(values())
        .filter(system -> system.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no system " + key + "; known: "
            + Arrays.stream(values()).map(InferenceSystem::key).toList()));
  }

  /** Loads the repository's models for this system, each ONNX Runtime session with {@code threads} intra-op threads. */
  Running start(Path repository, int threads) throws Exception {
    if (this == IN_PROCESS) {
      OnnxRuntimeInference models = new OnnxRuntimeInference(repository, threads);
      return new Running(models, null, models::close);
    }
    EmbeddedModelServer server = EmbeddedModelServer.start(repository, "127.0.0.1", 0, threads, this == GRPC);
    TritonClient client = new TritonClient(
        TritonClientSettings.defaults("127.0.0.1:" + server.port()), new SimpleMeterRegistry());
    return new Running(client, server, () -> {
      client.close();
      server.close();
    });
  }

  /** A started system: the models to call and, for the gRPC systems, the server behind them. */
  static final class Running implements AutoCloseable {

    private final ModelInference models;
    private final EmbeddedModelServer server;
    private final AutoCloseable stop;

    private Running(ModelInference models, EmbeddedModelServer server, AutoCloseable stop) {
      this.models = models;
      this.server = server;
      this.stop = stop;
    }

    ModelInference models() {
      return models;
    }

    /** How the server's batcher has served {@code model} so far; zero counts without a server or a batcher. */
    BatchingStats batching(String model) {
      return server == null ? new BatchingStats(0, 0) : server.batchingStats(model);
    }

    @Override
    public void close() throws Exception {
      stop.close();
    }
  }
}
