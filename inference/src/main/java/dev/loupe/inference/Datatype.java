package dev.loupe.inference;

import dev.loupe.inference.protocol.DataType;
import java.util.Arrays;
import java.util.Optional;

/** A tensor data type as the KServe v2 protocol names it ("FP32", "BYTES", ...), with its config.pbtxt twin. */
public enum Datatype {
  BOOL(1, DataType.TYPE_BOOL),
  UINT8(1, DataType.TYPE_UINT8),
  UINT16(2, DataType.TYPE_UINT16),
  UINT32(4, DataType.TYPE_UINT32),
  UINT64(8, DataType.TYPE_UINT64),
  INT8(1, DataType.TYPE_INT8),
  INT16(2, DataType.TYPE_INT16),
  INT32(4, DataType.TYPE_INT32),
  INT64(8, DataType.TYPE_INT64),
  FP16(2, DataType.TYPE_FP16),
  FP32(4, DataType.TYPE_FP32),
  FP64(8, DataType.TYPE_FP64),
  BF16(2, DataType.TYPE_BF16),
  /** Variable-length byte strings; raw form is a 4-byte little-endian length before each element. */
  BYTES(0, DataType.TYPE_STRING);

  private final int byteSize;
  private final DataType configType;

  Datatype(int byteSize, DataType configType) {
    this.byteSize = byteSize;
    this.configType = configType;
  }

  /** Bytes per element in raw form; 0 for {@link #BYTES}, whose elements vary in size. */
  public int byteSize() {
    return byteSize;
  }

  /** The matching {@code data_type} of a model configuration. */
  public DataType configType() {
    return configType;
  }

  /** The protocol data type named {@code name}, if there is one. */
  public static Optional<Datatype> parse(String name) {
    return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
  }

  /** The protocol data type of a configuration's {@code data_type}. */
  public static Datatype of(DataType configType) {
    return Arrays.stream(values())
        .filter(type -> type.configType == configType)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tensor data type for " + configType));
  }
}
