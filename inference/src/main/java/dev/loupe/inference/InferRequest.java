package dev.loupe.inference;

import java.util.List;

/**
 * An inference request: the model (and version, empty for the server's choice), the input tensors, and the
 * outputs wanted (empty for all of the model's outputs).
 */
public record InferRequest(String model, String version, List<InferTensor> inputs, List<String> outputs) {

  public InferRequest {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** A request for every output of the latest version of {@code model}. */
  public static InferRequest of(String model, InferTensor... inputs) {
    return new InferRequest(model, "", List.of(inputs), List.of());
  }
}
