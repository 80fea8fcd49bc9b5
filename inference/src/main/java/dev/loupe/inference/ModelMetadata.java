package dev.loupe.inference;

import java.util.List;

/** A model's metadata: its versions, platform, and the name, data type and shape of each input and output. */
public record ModelMetadata(
    String name, List<String> versions, String platform, List<TensorMetadata> inputs, List<TensorMetadata> outputs) {

  public ModelMetadata {
    versions = List.copyOf(versions);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** A tensor's name, protocol data type ("FP32") and shape, -1 marking a variable dimension. */
  public record TensorMetadata(String name, String datatype, List<Long> shape) {

    public TensorMetadata {
      shape = List.copyOf(shape);
    }
  }
}
