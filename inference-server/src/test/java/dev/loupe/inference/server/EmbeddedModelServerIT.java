package dev.loupe.inference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.inference.InferRequest;
import dev.loupe.inference.InferTensor;
import dev.loupe.inference.InferenceException;
import dev.loupe.inference.ModelIndexEntry;
import dev.loupe.inference.TritonClient;
import dev.loupe.inference.TritonClientSettings;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the embedded server's own repository can show: a broken reload leaves the old model serving, and
 * dynamic batching answers each request exactly as an unbatched run does.
 */
class EmbeddedModelServerIT {

  @TempDir
  Path repository;

  @Test
  void failedReloadKeepsThePreviousVersionServing() throws Exception {
    ClasspathModelRepository.extractTo(repository);
    try (EmbeddedModelServer server = EmbeddedModelServer.start(repository, "127.0.0.1", 0, 1);
        TritonClient client = new TritonClient(
            TritonClientSettings.defaults("127.0.0.1:" + server.port()), new SimpleMeterRegistry())) {
      Path config = repository.resolve("text_detection/config.pbtxt");
      Files.writeString(config, Files.readString(config).replace("name: \"x\"", "name: \"image\""));

      assertThatThrownBy(() -> client.loadModel("text_detection"))
          .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
          .hasMessageContaining("input 'image' is not in the ONNX model");

      assertThat(client.modelReady("text_detection")).isTrue();
      assertThat(client.repositoryIndex(true)).contains(new ModelIndexEntry("text_detection", "1", "READY", ""));
      InferTensor image = InferTensor.fp32("x", new long[] {1, 3, 32, 32}, new float[3 * 32 * 32]);
      assertThat(client.infer(InferRequest.of("text_detection", image)).output("sigmoid_0.tmp_0").shape())
          .containsExactly(1, 1, 32, 32);
    }
  }

  @Test
  void shouldBatchConcurrentRequestsAndAnswerEachAsAnUnbatchedRunWould() throws Exception {
    ClasspathModelRepository.extractTo(repository);
    int requests = 8;
    List<InferTensor> images = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < requests; i++) {
      float[] pixels = new float[3 * 64 * 96];
      for (int p = 0; p < pixels.length; p++) {
        pixels[p] = random.nextFloat() * 2 - 1;
      }
      images.add(InferTensor.fp32("x", new long[] {1, 3, 64, 96}, pixels));
    }
    images.add(InferTensor.fp32("x", new long[] {1, 3, 32, 32}, new float[3 * 32 * 32]));
    List<float[]> batched;
    BatchingStats stats;
    try (EmbeddedModelServer server = EmbeddedModelServer.start(repository, "127.0.0.1", 0, 1, true);
        TritonClient client = client(server)) {
      batched = concurrently(client, images);
      stats = server.batchingStats("text_detection");
    }
    List<float[]> unbatched;
    try (EmbeddedModelServer server = EmbeddedModelServer.start(repository, "127.0.0.1", 0, 1, false);
        TritonClient client = client(server)) {
      unbatched = concurrently(client, images);
      assertThat(server.batchingStats("text_detection")).isEqualTo(new BatchingStats(0, 0));
    }

    assertThat(stats.inferences()).isEqualTo(requests + 1);
    assertThat(stats.executions()).as("model runs for %d concurrent requests", requests + 1).isLessThan(requests);
    for (int i = 0; i < images.size(); i++) {
      assertThat(batched.get(i)).as("request %d", i).containsExactly(unbatched.get(i), Offset.offset(1e-4f));
    }
  }

  private static TritonClient client(EmbeddedModelServer server) {
    return new TritonClient(TritonClientSettings.defaults("127.0.0.1:" + server.port()), new SimpleMeterRegistry());
  }

  /** Sends every image at once from its own thread; the probability maps in the images' order. */
  private static List<float[]> concurrently(TritonClient client, List<InferTensor> images) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(images.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<float[]>> answers = new ArrayList<>();
      for (InferTensor image : images) {
        answers.add(senders.submit(() -> {
          start.await();
          return client.infer(InferRequest.of("text_detection", image)).output("sigmoid_0.tmp_0").floats();
        }));
      }
      start.countDown();
      List<float[]> maps = new ArrayList<>();
      for (Future<float[]> answer : answers) {
        maps.add(answer.get());
      }
      return maps;
    } finally {
      senders.shutdownNow();
    }
  }
}
