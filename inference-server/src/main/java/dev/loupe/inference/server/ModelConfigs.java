package dev.loupe.inference.server;

import com.google.protobuf.TextFormat;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.protocol.ModelInput;
import dev.loupe.inference.protocol.ModelOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a model's config.pbtxt the way Triton does (protobuf text format) and checks what the server relies on. */
final class ModelConfigs {

  static final String FILE_NAME = "config.pbtxt";
  static final String DEFAULT_MODEL_FILENAME = "model.onnx";
  private static final String ONNX_PLATFORM = "onnxruntime_onnx";
  private static final String ONNX_BACKEND = "onnxruntime";

  private ModelConfigs() {}

  /**
   * The configuration in {@code modelDirectory}/config.pbtxt, its name defaulting to the directory's, completed as
   * Triton completes an ONNX model's: {@code backend: "onnxruntime"} for platform {@code onnxruntime_onnx} (core
   * src/model_config_utils.cc, {@code AutoCompleteBackendFields}) and {@code platform: "onnxruntime_onnx"} for backend
   * {@code onnxruntime} (the onnxruntime backend's auto-complete), so that ModelConfig answers both as Triton does.
   */
  static ModelConfig read(Path modelDirectory) throws IOException {
    String directoryName = modelDirectory.getFileName().toString();
    ModelConfig.Builder config = ModelConfig.newBuilder();
    try {
      TextFormat.Parser.newBuilder().build().merge(Files.readString(modelDirectory.resolve(FILE_NAME)), config);
    } catch (TextFormat.ParseException e) {
      throw new InvalidModelConfigException(directoryName, "config.pbtxt does not parse: " + e.getMessage());
    }
    if (config.getName().isEmpty()) {
      config.setName(directoryName);
    }
    ModelConfig valid = validate(config.build(), directoryName);
    return valid.toBuilder()
        .setBackend(ONNX_BACKEND)
        .setPlatform(valid.getPlatform().isEmpty() ? ONNX_PLATFORM : valid.getPlatform())
        .build();
  }

  private static ModelConfig validate(ModelConfig config, String directoryName) {
    if (!config.getName().equals(directoryName)) {
      throw new InvalidModelConfigException(directoryName,
          "model name '" + config.getName() + "' differs from its directory '" + directoryName + "'");
    }
    boolean onnx = ONNX_PLATFORM.equals(config.getPlatform()) || ONNX_BACKEND.equals(config.getBackend());
    if (!onnx) {
      throw new InvalidModelConfigException(directoryName, "platform '" + config.getPlatform() + "' / backend '"
          + config.getBackend() + "' is not served here: only onnxruntime_onnx models are");
    }
    if (config.getMaxBatchSize() < 0) {
      throw new InvalidModelConfigException(directoryName, "max_batch_size must not be negative");
    }
    if (config.getInputCount() == 0 || config.getOutputCount() == 0) {
      throw new InvalidModelConfigException(directoryName, "a model needs at least one input and one output");
    }
    if (config.getInstanceGroupList().stream().anyMatch(group -> group.getCount() < 0)) {
      throw new InvalidModelConfigException(directoryName, "an instance_group's count must not be negative");
    }
    for (ModelInput input : config.getInputList()) {
      checkDims(directoryName, "input '" + input.getName() + "'", input.getDimsList());
    }
    for (ModelOutput output : config.getOutputList()) {
      checkDims(directoryName, "output '" + output.getName() + "'", output.getDimsList());
    }
    return config;
  }

  private static void checkDims(String model, String tensor, List<Long> dims) {
    if (dims.stream().anyMatch(dim -> dim < -1 || dim == 0)) {
      throw new InvalidModelConfigException(model, tensor + " has dims " + dims + ": each must be positive or -1");
    }
  }

  /**
   * How many executions of each version may run at once: the sum of the {@code instance_group} counts (a group's
   * count defaults to 1), or 1 when the config has no {@code instance_group}. The embedded server runs every kind
   * on the CPU, so a {@code KIND_GPU} group's count stands for as many CPU instances (Triton would give each GPU
   * that many).
   */
  static int instanceCount(ModelConfig config) {
    int count = config.getInstanceGroupList().stream().mapToInt(group -> Math.max(1, group.getCount())).sum();
    return Math.max(1, count);
  }

  /** The model file of each version folder. */
  static String modelFilename(ModelConfig config) {
    return config.getDefaultModelFilename().isEmpty() ? DEFAULT_MODEL_FILENAME : config.getDefaultModelFilename();
  }

  /** A config.pbtxt that cannot be served, with the reason. */
  static final class InvalidModelConfigException extends IllegalArgumentException {

    InvalidModelConfigException(String model, String reason) {
      super("invalid configuration of model '" + model + "': " + reason);
    }
  }
}
