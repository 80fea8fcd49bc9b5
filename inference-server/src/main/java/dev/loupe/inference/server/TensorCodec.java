package dev.loupe.inference.server;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.google.protobuf.ByteString;
import dev.loupe.inference.Datatype;
import dev.loupe.inference.InferTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Converts between the protocol's raw little-endian tensors and ONNX Runtime tensors. */
final class TensorCodec {

  private static final Map<Datatype, OnnxJavaType> ONNX_TYPES = Map.ofEntries(
      Map.entry(Datatype.BOOL, OnnxJavaType.BOOL),
      Map.entry(Datatype.UINT8, OnnxJavaType.UINT8),
      Map.entry(Datatype.INT8, OnnxJavaType.INT8),
      Map.entry(Datatype.INT16, OnnxJavaType.INT16),
      Map.entry(Datatype.INT32, OnnxJavaType.INT32),
      Map.entry(Datatype.INT64, OnnxJavaType.INT64),
      Map.entry(Datatype.FP16, OnnxJavaType.FLOAT16),
      Map.entry(Datatype.BF16, OnnxJavaType.BFLOAT16),
      Map.entry(Datatype.FP32, OnnxJavaType.FLOAT),
      Map.entry(Datatype.FP64, OnnxJavaType.DOUBLE),
      Map.entry(Datatype.BYTES, OnnxJavaType.STRING));

  static {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalStateException("the embedded model server needs a little-endian machine");
    }
  }

  private TensorCodec() {}

  /** The ONNX Runtime element type of a protocol data type, if ONNX Runtime's Java API has one. */
  static Optional<OnnxJavaType> onnxType(Datatype datatype) {
    return Optional.ofNullable(ONNX_TYPES.get(datatype));
  }

  /** An ONNX Runtime tensor holding a copy of the raw data; the caller closes it. */
  static OnnxTensor toOnnx(OrtEnvironment environment, Datatype datatype, long[] shape, ByteString raw)
      throws OrtException {
    if (datatype == Datatype.BYTES) {
      String[] strings = InferTensor.splitBytes(raw).stream()
          .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
          .toArray(String[]::new);
      return OnnxTensor.createTensor(environment, strings, shape);
    }
    ByteBuffer data = ByteBuffer.allocateDirect(raw.size()).order(ByteOrder.LITTLE_ENDIAN);
    raw.copyTo(data);
    data.flip();
    return OnnxTensor.createTensor(environment, data, shape, ONNX_TYPES.get(datatype));
  }

  /** The raw little-endian bytes of a numeric ONNX Runtime tensor. */
  static ByteString toRaw(OnnxTensor tensor) {
    return ByteString.copyFrom(tensor.getByteBuffer());
  }
}
