package dev.loupe.inference;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A named, typed tensor in the protocol's raw form: flattened, row-major, little-endian bytes. */
public final class InferTensor {

  private final String name;
  private final Datatype datatype;
  private final long[] shape;
  private final ByteString data;

  private InferTensor(String name, Datatype datatype, long[] shape, ByteString data) {
    this.name = name;
    this.datatype = datatype;
    this.shape = shape.clone();
    this.data = data;
  }

  /** A tensor from raw bytes, checked against its shape and data type. */
  public static InferTensor raw(String name, Datatype datatype, long[] shape, ByteString data) {
    long expected = rawByteSize(datatype, shape, data);
    if (expected != data.size()) {
      throw new IllegalArgumentException("tensor '%s' of shape %s and type %s needs %d bytes, got %d"
          .formatted(name, Arrays.toString(shape), datatype, expected, data.size()));
    }
    return new InferTensor(name, datatype, shape, data);
  }

  /** An FP32 tensor. */
  public static InferTensor fp32(String name, long[] shape, float[] values) {
    ByteBuffer buffer = buffer(values.length * 4);
    buffer.asFloatBuffer().put(values);
    return raw(name, Datatype.FP32, shape, UnsafeByteOperations.unsafeWrap(buffer.array()));
  }

  /** An INT64 tensor. */
  public static InferTensor int64(String name, long[] shape, long[] values) {
    ByteBuffer buffer = buffer(values.length * 8);
    buffer.asLongBuffer().put(values);
    return raw(name, Datatype.INT64, shape, UnsafeByteOperations.unsafeWrap(buffer.array()));
  }

  /** A UINT8 tensor (e.g. an encoded or interleaved image). */
  public static InferTensor uint8(String name, long[] shape, byte[] values) {
    return raw(name, Datatype.UINT8, shape, ByteString.copyFrom(values));
  }

  /** A BYTES tensor, one element per byte string. */
  public static InferTensor bytes(String name, long[] shape, List<byte[]> elements) {
    ByteString.Output out = ByteString.newOutput();
    for (byte[] element : elements) {
      out.write(buffer(4).putInt(element.length).array(), 0, 4);
      out.write(element, 0, element.length);
    }
    return raw(name, Datatype.BYTES, shape, out.toByteString());
  }

  /** The tensor's name. */
  public String name() {
    return name;
  }

  /** The tensor's data type. */
  public Datatype datatype() {
    return datatype;
  }

  /** The tensor's shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** The raw little-endian bytes. */
  public ByteString data() {
    return data;
  }

  /** The number of elements the shape holds. */
  public long elementCount() {
    return elementCount(shape);
  }

  /** The values of an FP32 tensor. */
  public float[] floats() {
    require(Datatype.FP32);
    float[] values = new float[Math.toIntExact(elementCount())];
    data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /** The values of an INT64 tensor. */
  public long[] longs() {
    require(Datatype.INT64);
    long[] values = new long[Math.toIntExact(elementCount())];
    data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
    return values;
  }

  /** The values of a UINT8 tensor. */
  public byte[] uint8s() {
    require(Datatype.UINT8);
    return data.toByteArray();
  }

  /** The elements of a BYTES tensor. */
  public List<byte[]> byteElements() {
    require(Datatype.BYTES);
    return splitBytes(data);
  }

  /** The number of elements a shape holds; every dimension must be known (≥ 0). */
  public static long elementCount(long[] shape) {
    long count = 1;
    for (long dimension : shape) {
      if (dimension < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has an unknown dimension");
      }
      count = Math.multiplyExact(count, dimension);
    }
    return count;
  }

  /** Splits the raw form of a BYTES tensor into its elements. */
  public static List<byte[]> splitBytes(ByteString raw) {
    ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> elements = new ArrayList<>();
    while (buffer.hasRemaining()) {
      if (buffer.remaining() < 4) {
        throw new IllegalArgumentException("BYTES data ends inside an element's length prefix");
      }
      int length = buffer.getInt();
      if (length < 0 || length > buffer.remaining()) {
        throw new IllegalArgumentException("BYTES element of length " + length + " overruns the data");
      }
      byte[] element = new byte[length];
      buffer.get(element);
      elements.add(element);
    }
    return elements;
  }

  private static long rawByteSize(Datatype datatype, long[] shape, ByteString data) {
    long count = elementCount(shape);
    if (datatype != Datatype.BYTES) {
      return Math.multiplyExact(count, datatype.byteSize());
    }
    if (splitBytes(data).size() != count) {
      throw new IllegalArgumentException("BYTES tensor of shape " + Arrays.toString(shape)
          + " needs " + count + " elements, got " + splitBytes(data).size());
    }
    return data.size();
  }

  private void require(Datatype expected) {
    if (datatype != expected) {
      throw new IllegalStateException("tensor '" + name + "' is " + datatype + ", not " + expected);
    }
  }

  /** A fresh little-endian buffer; its array is wrapped, not copied, as the tensor's data and never written again. */
  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public String toString() {
    return "InferTensor[" + name + ", " + datatype + ", " + Arrays.toString(shape) + ", " + data.size() + " bytes]";
  }
}
