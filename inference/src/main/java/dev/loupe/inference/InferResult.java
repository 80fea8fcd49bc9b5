package dev.loupe.inference;

import java.util.List;
import java.util.NoSuchElementException;

/** What a model answered: the model and version that served the request, and the output tensors. */
public record InferResult(String model, String version, List<InferTensor> outputs) {

  public InferResult {
    outputs = List.copyOf(outputs);
  }

  /** The output named {@code name}. */
  public InferTensor output(String name) {
    return outputs.stream()
        .filter(output -> output.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no output '" + name + "' from model '" + model + "'"));
  }
}
