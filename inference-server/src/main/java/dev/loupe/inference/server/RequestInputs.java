package dev.loupe.inference.server;

import com.google.protobuf.ByteString;
import dev.loupe.inference.Datatype;
import dev.loupe.inference.InferTensor;
import dev.loupe.inference.protocol.InferTensorContents;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.protocol.ModelInferRequest;
import dev.loupe.inference.protocol.ModelInput;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a ModelInfer request's inputs against the model's configuration, as Triton does (names, data types,
 * shapes, batch size, byte sizes), and returns them as raw tensors. Every mismatch is INVALID_ARGUMENT.
 */
final class RequestInputs {

  private RequestInputs() {}

  /** The request's inputs by name, checked against the model's configuration. */
  static Map<String, RawTensor> decode(ModelInferRequest request, ModelConfig config) {
    String model = config.getName();
    boolean raw = request.getRawInputContentsCount() > 0;
    if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
      throw invalid("expected " + request.getInputsCount() + " raw input contents for model '" + model + "', got "
          + request.getRawInputContentsCount());
    }
    Map<String, ModelInput> expected =
        config.getInputList().stream().collect(Collectors.toMap(ModelInput::getName, Function.identity()));
    Map<String, RawTensor> tensors = new LinkedHashMap<>();
    Long batchSize = null;
    for (int i = 0; i < request.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor input = request.getInputs(i);
      ModelInput configured = expected.get(input.getName());
      if (configured == null) {
        throw invalid("unexpected inference input '" + input.getName() + "' for model '" + model + "'");
      }
      if (tensors.containsKey(input.getName())) {
        throw invalid("input '" + input.getName() + "' appears more than once in the request for model '" + model + "'");
      }
      Datatype datatype = checkDatatype(input, configured, model);
      long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
      checkShape(input.getName(), shape, configured, config);
      if (config.getMaxBatchSize() > 0) {
        if (batchSize != null && batchSize != shape[0]) {
          throw invalid("input '" + input.getName() + "' has batch size " + shape[0] + " but another input of model '"
              + model + "' has " + batchSize);
        }
        batchSize = shape[0];
      }
      if (raw && input.hasContents()) {
        throw invalid("contents field must not be specified when using raw_input_contents for '" + input.getName()
            + "' for model '" + model + "'");
      }
      ByteString data = raw ? request.getRawInputContents(i) : fromContents(input.getContents(), datatype);
      try {
        checkByteSize(input.getName(), datatype, shape, data);
      } catch (IllegalArgumentException e) {
        throw invalid("input '" + input.getName() + "' of model '" + model + "' cannot be read: " + e.getMessage());
      }
      tensors.put(input.getName(), new RawTensor(datatype, shape, data));
    }
    List<String> missing = config.getInputList().stream()
        .filter(input -> !input.getOptional() && !tensors.containsKey(input.getName()))
        .map(ModelInput::getName)
        .toList();
    if (!missing.isEmpty()) {
      throw invalid("expected " + config.getInputCount() + " inputs but got " + request.getInputsCount()
          + " inputs for model '" + model + "': missing " + missing);
    }
    return tensors;
  }

  private static Datatype checkDatatype(ModelInferRequest.InferInputTensor input, ModelInput configured, String model) {
    Datatype expected = Datatype.of(configured.getDataType());
    if (!expected.name().equals(input.getDatatype())) {
      throw invalid("inference input '" + input.getName() + "' data-type is '" + input.getDatatype()
          + "', but model '" + model + "' expects '" + expected.name() + "'");
    }
    return expected;
  }

  private static void checkShape(String name, long[] shape, ModelInput configured, ModelConfig config) {
    List<Long> expected = new ArrayList<>();
    if (config.getMaxBatchSize() > 0) {
      expected.add(-1L);
    }
    expected.addAll(configured.getDimsList());
    boolean matches = shape.length == expected.size();
    for (int i = 0; matches && i < shape.length; i++) {
      matches = shape[i] >= 0 && (expected.get(i) < 0 || expected.get(i) == shape[i]);
    }
    if (!matches) {
      throw invalid("unexpected shape for input '" + name + "' for model '" + config.getName() + "'. Expected "
          + format(expected) + ", got " + format(Arrays.stream(shape).boxed().toList()));
    }
    if (config.getMaxBatchSize() > 0 && (shape[0] < 1 || shape[0] > config.getMaxBatchSize())) {
      throw invalid("inference request batch-size must be <= " + config.getMaxBatchSize() + " for '"
          + config.getName() + "', got " + shape[0]);
    }
  }

  private static void checkByteSize(String name, Datatype datatype, long[] shape, ByteString data) {
    long elements = InferTensor.elementCount(shape);
    if (datatype == Datatype.BYTES) {
      int count = InferTensor.splitBytes(data).size();
      if (count != elements) {
        throw invalid("expected " + elements + " string elements for inference input '" + name + "', got " + count);
      }
    } else if (elements * datatype.byteSize() != data.size()) {
      throw invalid("unexpected total byte size " + data.size() + " for input '" + name + "', expecting "
          + elements * datatype.byteSize());
    }
  }

  private static ByteString fromContents(InferTensorContents contents, Datatype datatype) {
    return switch (datatype) {
      case BYTES -> {
        ByteString.Output out = ByteString.newOutput();
        for (ByteString element : contents.getBytesContentsList()) {
          out.write(little(4).putInt(element.size()).array(), 0, 4);
          out.write(element.toByteArray(), 0, element.size());
        }
        yield out.toByteString();
      }
      case FP32 -> {
        ByteBuffer buffer = little(contents.getFp32ContentsCount() * 4);
        contents.getFp32ContentsList().forEach(buffer::putFloat);
        yield ByteString.copyFrom(buffer.array());
      }
      case FP64 -> {
        ByteBuffer buffer = little(contents.getFp64ContentsCount() * 8);
        contents.getFp64ContentsList().forEach(buffer::putDouble);
        yield ByteString.copyFrom(buffer.array());
      }
      case INT64 -> {
        ByteBuffer buffer = little(contents.getInt64ContentsCount() * 8);
        contents.getInt64ContentsList().forEach(buffer::putLong);
        yield ByteString.copyFrom(buffer.array());
      }
      case INT32 -> {
        ByteBuffer buffer = little(contents.getIntContentsCount() * 4);
        contents.getIntContentsList().forEach(buffer::putInt);
        yield ByteString.copyFrom(buffer.array());
      }
      case UINT8 -> {
        ByteBuffer buffer = little(contents.getUintContentsCount());
        contents.getUintContentsList().forEach(value -> buffer.put(value.byteValue()));
        yield ByteString.copyFrom(buffer.array());
      }
      case BOOL -> {
        ByteBuffer buffer = little(contents.getBoolContentsCount());
        contents.getBoolContentsList().forEach(value -> buffer.put((byte) (value ? 1 : 0)));
        yield ByteString.copyFrom(buffer.array());
      }
      default -> throw invalid("typed contents of data type " + datatype
          + " are not accepted here: send them as raw_input_contents");
    };
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String format(List<Long> shape) {
    return shape.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
