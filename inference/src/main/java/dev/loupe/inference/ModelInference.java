package dev.loupe.inference;

/**
 * What Loupe's detectors and readers need of a model server: a model's metadata and an inference. The
 * {@link TritonClient} answers over Triton's gRPC protocol; an in-process ONNX Runtime can answer the same,
 * which is how the inference benchmark measures what the protocol costs.
 */
public interface ModelInference {

  /** The metadata of the served version of {@code model}; NOT_FOUND when it is not served. */
  ModelMetadata modelMetadata(String model);

  /** Runs an inference; failures are {@link InferenceException}s carrying the gRPC status code. */
  InferResult infer(InferRequest request);
}
