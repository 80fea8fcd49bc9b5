package dev.loupe.inference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.inference.protocol.DataType;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.protocol.ModelInstanceGroup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigsTest {

  @TempDir
  Path repository;

  @Test
  void readsTheRepositorysDetectorConfig() throws IOException {
    Path model = Files.createDirectories(repository.resolve("text_detection"));
    try (InputStream config = getClass().getResourceAsStream("/model-repository/text_detection/config.pbtxt")) {
      Files.copy(config, model.resolve("config.pbtxt"));
    }

    ModelConfig config = ModelConfigs.read(model);

    assertThat(config.getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(config.getMaxBatchSize()).isEqualTo(8);
    assertThat(config.getInput(0).getName()).isEqualTo("x");
    assertThat(config.getInput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
    assertThat(config.getInput(0).getDimsList()).containsExactly(3L, -1L, -1L);
    assertThat(config.getOutput(0).getDimsList()).containsExactly(1L, -1L, -1L);
    assertThat(config.hasDynamicBatching()).isTrue();
    assertThat(config.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_GPU);
    assertThat(ModelConfigs.modelFilename(config)).isEqualTo("model.onnx");
  }

  @Test
  void nameDefaultsToTheDirectory() throws IOException {
    ModelConfig config = ModelConfigs.read(model("m", """
        platform: "onnxruntime_onnx"
        input [ { name: "a" data_type: TYPE_INT64 dims: [ 4 ] } ]
        output [ { name: "b" data_type: TYPE_FP32 dims: [ 4 ] } ]
        """));

    assertThat(config.getName()).isEqualTo("m");
    assertThat(config.getMaxBatchSize()).isZero();
  }

  @Test
  void shouldFillInTheBackendForThePlatformAndThePlatformForTheBackendAsTritonDoes() throws IOException {
    ModelConfig byPlatform = ModelConfigs.read(model("p", """
        platform: "onnxruntime_onnx"
        input [ { name: "a" data_type: TYPE_INT64 dims: [ 4 ] } ]
        output [ { name: "b" data_type: TYPE_FP32 dims: [ 4 ] } ]
        """));
    ModelConfig byBackend = ModelConfigs.read(model("b", """
        backend: "onnxruntime"
        input [ { name: "a" data_type: TYPE_INT64 dims: [ 4 ] } ]
        output [ { name: "b" data_type: TYPE_FP32 dims: [ 4 ] } ]
        """));

    assertThat(byPlatform.getBackend()).isEqualTo("onnxruntime");
    assertThat(byBackend.getPlatform()).isEqualTo("onnxruntime_onnx");
  }

  @Test
  void rejectsFieldsItDoesNotKnow() throws IOException {
    Path model = model("m", """
        platform: "onnxruntime_onnx"
        sequence_batching { }
        """);

    assertThatThrownBy(() -> ModelConfigs.read(model))
        .isInstanceOf(ModelConfigs.InvalidModelConfigException.class)
        .hasMessageContaining("does not parse")
        .hasMessageContaining("sequence_batching");
  }

  @Test
  void rejectsANameOtherThanItsDirectory() throws IOException {
    Path model = model("m", """
        name: "other"
        platform: "onnxruntime_onnx"
        """);

    assertThatThrownBy(() -> ModelConfigs.read(model)).hasMessageContaining("differs from its directory 'm'");
  }

  @Test
  void rejectsOtherPlatformsAndZeroDims() throws IOException {
    Path tensorflow = model("tf", """
        platform: "tensorflow_savedmodel"
        input [ { name: "a" data_type: TYPE_FP32 dims: [ 1 ] } ]
        output [ { name: "b" data_type: TYPE_FP32 dims: [ 1 ] } ]
        """);
    Path zero = model("zero", """
        backend: "onnxruntime"
        input [ { name: "a" data_type: TYPE_FP32 dims: [ 0 ] } ]
        output [ { name: "b" data_type: TYPE_FP32 dims: [ 1 ] } ]
        """);

    assertThatThrownBy(() -> ModelConfigs.read(tensorflow)).hasMessageContaining("only onnxruntime_onnx");
    assertThatThrownBy(() -> ModelConfigs.read(zero)).hasMessageContaining("each must be positive or -1");
  }

  @Test
  void shouldRunAsManyInstancesAsTheInstanceGroupsCount() throws IOException {
    String tensors = """
        platform: "onnxruntime_onnx"
        input [ { name: "a" data_type: TYPE_FP32 dims: [ 1 ] } ]
        output [ { name: "b" data_type: TYPE_FP32 dims: [ 1 ] } ]
        """;

    assertThat(ModelConfigs.instanceCount(ModelConfigs.read(model("none", tensors)))).isEqualTo(1);
    assertThat(ModelConfigs.instanceCount(ModelConfigs.read(model("cpu", tensors
        + "instance_group [ { count: 3 kind: KIND_CPU } ]\n")))).isEqualTo(3);
    assertThat(ModelConfigs.instanceCount(ModelConfigs.read(model("groups", tensors
        + "instance_group [ { count: 2 kind: KIND_CPU }, { kind: KIND_GPU } ]\n")))).isEqualTo(3);
    Path negative = model("negative", tensors + "instance_group [ { count: -1 kind: KIND_CPU } ]\n");
    assertThatThrownBy(() -> ModelConfigs.read(negative)).hasMessageContaining("count must not be negative");
  }

  private Path model(String name, String config) throws IOException {
    Path model = Files.createDirectories(repository.resolve(name));
    Files.writeString(model.resolve("config.pbtxt"), config);
    return model;
  }
}
