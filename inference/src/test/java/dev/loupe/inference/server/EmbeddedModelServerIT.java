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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded server's own repository can show: a broken reload leaves the old model serving. */
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
}
