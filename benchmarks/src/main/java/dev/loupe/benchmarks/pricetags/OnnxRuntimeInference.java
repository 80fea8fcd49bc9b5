package dev.loupe.benchmarks.pricetags;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.ByteString;
import dev.loupe.inference.Datatype;
import dev.loupe.inference.InferRequest;
import dev.loupe.inference.InferResult;
import dev.loupe.inference.InferTensor;
import dev.loupe.inference.InferenceException;
import dev.loupe.inference.ModelInference;
import dev.loupe.inference.ModelMetadata;
import dev.loupe.inference.ModelMetadata.TensorMetadata;
import io.grpc.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The benchmark's baseline: the models of a Triton model repository run with ONNX Runtime in the caller's thread,
 * answering {@link ModelInference} as the embedded model server does — the same ONNX files, session options
 * (intra-op threads, all graph optimisations) and tensors in and out (raw little-endian bytes copied into a direct
 * buffer, outputs copied back) — but with no protocol, no server and no batching between them. What the gRPC path
 * costs on top of this is the overhead the benchmark reports.
 *
 * <p>Serves the highest version folder of each model (the repository's policies serve the latest one). ONNX
 * Runtime needs threads with large stacks (see the inference module's notes): call it from such threads only.
 */
final class OnnxRuntimeInference implements ModelInference, AutoCloseable {

  private static final String MODEL_FILE = "model.onnx";
  private static final Map<OnnxJavaType, Datatype> DATATYPES = Map.of(
      OnnxJavaType.FLOAT, Datatype.FP32, OnnxJavaType.DOUBLE, Datatype.FP64, OnnxJavaType.INT64, Datatype.INT64,
      OnnxJavaType.INT32, Datatype.INT32, OnnxJavaType.INT16, Datatype.INT16, OnnxJavaType.INT8, Datatype.INT8,
      OnnxJavaType.UINT8, Datatype.UINT8, OnnxJavaType.BOOL, Datatype.BOOL, OnnxJavaType.FLOAT16, Datatype.FP16,
      OnnxJavaType.BFLOAT16, Datatype.BF16);

  private record LoadedModel(String version, OrtSession session, ModelMetadata metadata) {}

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final Map<String, LoadedModel> models = new LinkedHashMap<>();

  /** Loads every model of the repository at {@code repository}, each session with {@code threads} intra-op threads. */
  OnnxRuntimeInference(Path repository, int threads) throws IOException, OrtException {
    try (Stream<Path> children = Files.list(repository);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", "0"); // as the embedded model server (ADR 0014)
      for (Path model : children.filter(child -> Files.isRegularFile(child.resolve("config.pbtxt"))).sorted().toList()) {
        String name = model.getFileName().toString();
        String version = latestVersion(model);
        OrtSession session = environment.createSession(model.resolve(version).resolve(MODEL_FILE).toString(), options);
        models.put(name, new LoadedModel(version, session, metadata(name, version, session)));
      }
    }
  }

  @Override
  public ModelMetadata modelMetadata(String model) {
    return loaded(model).metadata();
  }

  @Override
  public InferResult infer(InferRequest request) {
    LoadedModel model = loaded(request.model());
    if (!request.version().isEmpty() && !request.version().equals(model.version())) {
      throw new InferenceException(Status.Code.NOT_FOUND,
          "model '" + request.model() + "' has no version " + request.version(), null);
    }
    Set<String> outputs = request.outputs().isEmpty()
        ? model.session().getOutputNames()
        : new LinkedHashSet<>(request.outputs());
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      for (InferTensor input : request.inputs()) {
        inputs.put(input.name(), onnxTensor(input));
      }
      try (OrtSession.Result result = model.session().run(inputs, outputs)) {
        List<InferTensor> answered = new ArrayList<>();
        for (String name : outputs) {
          OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
          answered.add(InferTensor.raw(name, datatype(tensor.getInfo().type), tensor.getInfo().getShape(),
              ByteString.copyFrom(tensor.getByteBuffer())));
        }
        return new InferResult(request.model(), model.version(), answered);
      }
    } catch (OrtException e) {
      throw new InferenceException(Status.Code.INTERNAL,
          "onnxruntime failed on model '" + request.model() + "': " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    for (LoadedModel model : models.values()) {
      model.session().close();
    }
  }

  private LoadedModel loaded(String model) {
    LoadedModel loaded = models.get(model);
    if (loaded == null) {
      throw new InferenceException(Status.Code.NOT_FOUND, "no model '" + model + "' in the repository", null);
    }
    return loaded;
  }

  /** A copy of the tensor's raw bytes in a direct buffer, as the server hands them to ONNX Runtime. */
  private OnnxTensor onnxTensor(InferTensor input) throws OrtException {
    OnnxJavaType type = DATATYPES.entrySet().stream()
        .filter(entry -> entry.getValue() == input.datatype())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new InferenceException(Status.Code.INVALID_ARGUMENT,
            "input '" + input.name() + "' is " + input.datatype() + ", which this baseline does not feed", null));
    ByteBuffer data = ByteBuffer.allocateDirect(input.data().size()).order(ByteOrder.LITTLE_ENDIAN);
    input.data().copyTo(data);
    data.flip();
    return OnnxTensor.createTensor(environment, data, input.shape(), type);
  }

  private static String latestVersion(Path model) throws IOException {
    try (Stream<Path> versions = Files.list(model)) {
      return versions
          .filter(child -> child.getFileName().toString().matches("[0-9]{1,18}"))
          .filter(child -> Files.isRegularFile(child.resolve(MODEL_FILE)))
          .map(child -> Long.parseLong(child.getFileName().toString()))
          .max(Long::compare)
          .map(String::valueOf)
          .orElseThrow(() -> new IOException("no version folder with a " + MODEL_FILE + " in " + model));
    }
  }

  /** The metadata the server answers: tensor names, protocol data types and shapes (-1: variable) of the ONNX file. */
  private static ModelMetadata metadata(String name, String version, OrtSession session) throws OrtException {
    return new ModelMetadata(name, List.of(version), "onnxruntime_onnx", tensors(session.getInputInfo()),
        tensors(session.getOutputInfo()));
  }

  private static List<TensorMetadata> tensors(Map<String, NodeInfo> nodes) {
    return nodes.values().stream().map(node -> {
      TensorInfo tensor = (TensorInfo) node.getInfo();
      return new TensorMetadata(node.getName(), datatype(tensor.type).name(),
          Arrays.stream(tensor.getShape()).boxed().toList());
    }).toList();
  }

  private static Datatype datatype(OnnxJavaType type) {
    Datatype datatype = DATATYPES.get(type);
    if (datatype == null) {
      throw new IllegalStateException("ONNX type " + type + " has no protocol data type here");
    }
    return datatype;
  }
}
