package dev.loupe.inference;

import com.google.protobuf.ByteString;
import dev.loupe.inference.protocol.GRPCInferenceServiceGrpc;
import dev.loupe.inference.protocol.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.protocol.ModelConfigRequest;
import dev.loupe.inference.protocol.ModelInferRequest;
import dev.loupe.inference.protocol.ModelInferResponse;
import dev.loupe.inference.protocol.ModelMetadataRequest;
import dev.loupe.inference.protocol.ModelMetadataResponse;
import dev.loupe.inference.protocol.ModelReadyRequest;
import dev.loupe.inference.protocol.RepositoryIndexRequest;
import dev.loupe.inference.protocol.RepositoryModelLoadRequest;
import dev.loupe.inference.protocol.RepositoryModelUnloadRequest;
import dev.loupe.inference.protocol.ServerLiveRequest;
import dev.loupe.inference.protocol.ServerMetadataRequest;
import dev.loupe.inference.protocol.ServerReadyRequest;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client of Triton's KServe v2 gRPC protocol ({@code inference.GRPCInferenceService}): health, metadata,
 * inference with typed raw tensors and explicit model control. Every call has a deadline, is retried while
 * the server is UNAVAILABLE and goes through a circuit breaker; each inference is timed per model and version
 * as {@code loupe.inference.requests} with its outcome.
 */
public final class TritonClient implements ModelInference, AutoCloseable {

  /** The timer of inference calls, tagged model, version and outcome (OK or the gRPC status code). */
  public static final String TIMER = "loupe.inference.requests";

  /**
   * What opens the circuit breaker: the codes of an outage. Triton answers NOT_FOUND for a model it does not serve
   * (core src/model_repository_manager/model_lifecycle.cc, ModelLifeCycle::GetModel; ADR 0029): that is the answer of
   * a live server, so it is neither retried nor a failure here, and the detector makes it the model-not-found path.
   * UNAVAILABLE (the server down, or a known version not at ready state) alone is retried.
   */
  private static final Set<Status.Code> SERVER_FAILURES =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.INTERNAL, Status.Code.RESOURCE_EXHAUSTED);

  private final ManagedChannel channel;
  private final TritonClientSettings settings;
  private final MeterRegistry meters;
  private final Retry retry;
  private final CircuitBreaker breaker;

  /** The largest message either way: a batch of images is far above gRPC's 4 MiB default. */
  public static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  /** A client over its own plaintext channel to {@code settings.target()}; {@link #close()} shuts it down. */
  public TritonClient(TritonClientSettings settings, MeterRegistry meters) {
    this.settings = settings;
    this.meters = meters;
    this.channel = ManagedChannelBuilder.forTarget(settings.target())
        .usePlaintext()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .build();
    this.retry = Retry.of("inference", RetryConfig.custom()
        .maxAttempts(settings.maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), 2.0))
        .retryOnException(TritonClient::isUnavailable)
        .build());
    this.breaker = CircuitBreaker.of("inference", CircuitBreakerConfig.custom()
        .failureRateThreshold(settings.breakerFailureRate())
        .slidingWindowSize(settings.breakerWindow())
        .minimumNumberOfCalls(settings.breakerWindow())
        .waitDurationInOpenState(settings.breakerOpenFor())
        .recordException(TritonClient::isServerFailure)
        .build());
  }

  /** Whether the server is live. */
  public boolean serverLive() {
    return call(stub -> stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
  }

  /** Whether the server is ready to serve inferences. */
  public boolean serverReady() {
    return call(stub -> stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
  }

  /** Whether the server's chosen version of {@code model} is ready. */
  public boolean modelReady(String model) {
    return modelReady(model, "");
  }

  /** Whether {@code version} of {@code model} is ready; an empty version lets the server choose. */
  public boolean modelReady(String model, String version) {
    return call(stub -> stub.modelReady(
        ModelReadyRequest.newBuilder().setName(model).setVersion(version).build()).getReady());
  }

  /** The server's name, version and extensions. */
  public ServerMetadata serverMetadata() {
    var response = call(stub -> stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()));
    return new ServerMetadata(response.getName(), response.getVersion(), response.getExtensionsList());
  }

  /** The metadata of the server's chosen version of {@code model}. */
  @Override
  public ModelMetadata modelMetadata(String model) {
    ModelMetadataResponse response =
        call(stub -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(model).build()));
    return new ModelMetadata(response.getName(), response.getVersionsList(), response.getPlatform(),
        response.getInputsList().stream().map(TritonClient::tensorMetadata).toList(),
        response.getOutputsList().stream().map(TritonClient::tensorMetadata).toList());
  }

  /** The configuration (config.pbtxt) the server uses for {@code model}. */
  public ModelConfig modelConfig(String model) {
    return call(stub -> stub.modelConfig(ModelConfigRequest.newBuilder().setName(model).build()).getConfig());
  }

  /** Runs an inference: inputs travel as raw_input_contents, outputs come back as typed tensors. */
  @Override
  public InferResult infer(InferRequest request) {
    ModelInferRequest.Builder message =
        ModelInferRequest.newBuilder().setModelName(request.model()).setModelVersion(request.version());
    for (InferTensor input : request.inputs()) {
      message.addInputs(ModelInferRequest.InferInputTensor.newBuilder()
          .setName(input.name())
          .setDatatype(input.datatype().name())
          .addAllShape(Arrays.stream(input.shape()).boxed().toList()));
      message.addRawInputContents(input.data());
    }
    request.outputs().forEach(name ->
        message.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name)));
    long start = System.nanoTime();
    String outcome = "OK";
    try {
      return result(call(settings.inferTimeout(), stub -> stub.modelInfer(message.build())));
    } catch (InferenceException e) {
      outcome = e.code().name();
      throw e;
    } finally {
      Timer.builder(TIMER)
          .description("Inference calls to the model server")
          .tag("model", request.model())
          .tag("version", request.version().isEmpty() ? "latest" : request.version())
          .tag("outcome", outcome)
          .register(meters)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** The models of the server's repository, with their state; {@code readyOnly} keeps only ready ones. */
  public List<ModelIndexEntry> repositoryIndex(boolean readyOnly) {
    return call(stub -> stub.repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(readyOnly).build()))
        .getModelsList().stream()
        .map(model -> new ModelIndexEntry(model.getName(), model.getVersion(), model.getState(), model.getReason()))
        .toList();
  }

  /** Loads, or reloads, {@code model} from the repository (explicit model control). */
  public void loadModel(String model) {
    call(stub -> stub.repositoryModelLoad(RepositoryModelLoadRequest.newBuilder().setModelName(model).build()));
  }

  /** Unloads {@code model}. */
  public void unloadModel(String model) {
    call(stub -> stub.repositoryModelUnload(RepositoryModelUnloadRequest.newBuilder().setModelName(model).build()));
  }

  /** Shuts the channel down, waiting up to 5 s for calls in flight. */
  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }

  private <T> T call(Function<GRPCInferenceServiceBlockingStub, T> rpc) {
    return call(settings.callTimeout(), rpc);
  }

  /**
   * One call, retried and through the breaker. A channel whose last connection attempt failed waits out gRPC's
   * reconnect backoff (up to two minutes) before it tries again, and calls until then fail at once: a call reconnects
   * now instead, so a job's try after the server came back reaches it.
   */
  private <T> T call(Duration deadline, Function<GRPCInferenceServiceBlockingStub, T> rpc) {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    Supplier<T> attempt = () -> rpc.apply(GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS));
    try {
      return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, attempt)).get();
    } catch (StatusRuntimeException e) {
      throw new InferenceException(e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()), e);
    } catch (CallNotPermittedException e) {
      throw new InferenceException(Status.Code.UNAVAILABLE,
          "circuit breaker open for " + settings.target() + " after repeated failures", e);
    }
  }

  private static InferResult result(ModelInferResponse response) {
    if (response.getRawOutputContentsCount() != response.getOutputsCount()) {
      throw new InferenceException(Status.Code.INTERNAL, "the server answered " + response.getOutputsCount()
          + " outputs without raw contents for each; only raw output contents are supported", null);
    }
    List<InferTensor> outputs = new ArrayList<>();
    for (int i = 0; i < response.getOutputsCount(); i++) {
      var output = response.getOutputs(i);
      Datatype datatype = Datatype.parse(output.getDatatype()).orElseThrow(() -> new InferenceException(
          Status.Code.INTERNAL, "unknown output data type '" + output.getDatatype() + "'", null));
      ByteString data = response.getRawOutputContents(i);
      long[] shape = output.getShapeList().stream().mapToLong(Long::longValue).toArray();
      outputs.add(InferTensor.raw(output.getName(), datatype, shape, data));
    }
    return new InferResult(response.getModelName(), response.getModelVersion(), outputs);
  }

  private static ModelMetadata.TensorMetadata tensorMetadata(ModelMetadataResponse.TensorMetadata tensor) {
    return new ModelMetadata.TensorMetadata(tensor.getName(), tensor.getDatatype(), tensor.getShapeList());
  }

  private static boolean isUnavailable(Throwable failure) {
    return failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.UNAVAILABLE;
  }

  private static boolean isServerFailure(Throwable failure) {
    return failure instanceof StatusRuntimeException e && SERVER_FAILURES.contains(e.getStatus().getCode());
  }
}
