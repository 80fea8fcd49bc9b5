package dev.loupe.inference.server;

import dev.loupe.inference.Datatype;
import dev.loupe.inference.ModelIndexEntry;
import dev.loupe.inference.protocol.DataType;
import dev.loupe.inference.protocol.GRPCInferenceServiceGrpc;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.protocol.ModelConfigRequest;
import dev.loupe.inference.protocol.ModelConfigResponse;
import dev.loupe.inference.protocol.ModelInferRequest;
import dev.loupe.inference.protocol.ModelInferResponse;
import dev.loupe.inference.protocol.ModelMetadataRequest;
import dev.loupe.inference.protocol.ModelMetadataResponse;
import dev.loupe.inference.protocol.ModelOutput;
import dev.loupe.inference.protocol.ModelReadyRequest;
import dev.loupe.inference.protocol.ModelReadyResponse;
import dev.loupe.inference.protocol.ModelStatisticsRequest;
import dev.loupe.inference.protocol.ModelStatisticsResponse;
import dev.loupe.inference.protocol.RepositoryIndexRequest;
import dev.loupe.inference.protocol.RepositoryIndexResponse;
import dev.loupe.inference.protocol.RepositoryModelLoadRequest;
import dev.loupe.inference.protocol.RepositoryModelLoadResponse;
import dev.loupe.inference.protocol.RepositoryModelUnloadRequest;
import dev.loupe.inference.protocol.RepositoryModelUnloadResponse;
import dev.loupe.inference.protocol.ServerLiveRequest;
import dev.loupe.inference.protocol.ServerLiveResponse;
import dev.loupe.inference.protocol.ServerMetadataRequest;
import dev.loupe.inference.protocol.ServerMetadataResponse;
import dev.loupe.inference.protocol.ServerReadyRequest;
import dev.loupe.inference.protocol.ServerReadyResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Triton's {@code inference.GRPCInferenceService} over a {@link ModelRepository}, running models with ONNX Runtime. */
final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

  static final String SERVER_NAME = "loupe-embedded-model-server";
  static final List<String> EXTENSIONS = List.of("model_repository", "model_configuration", "statistics");

  private static final Logger log = LoggerFactory.getLogger(InferenceService.class);

  private final ModelRepository repository;
  private final BooleanSupplier ready;
  private final String version;

  InferenceService(ModelRepository repository, BooleanSupplier ready, String version) {
    this.repository = repository;
    this.ready = ready;
    this.version = version;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
    answer(response, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> response) {
    answer(response, () -> ServerReadyResponse.newBuilder().setReady(ready.getAsBoolean()).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> response) {
    answer(response, () -> ModelReadyResponse.newBuilder()
        .setReady(repository.isReady(request.getName(), request.getVersion()))
        .build());
  }

  @Override
  public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> response) {
    answer(response, () -> ServerMetadataResponse.newBuilder()
        .setName(SERVER_NAME)
        .setVersion(version)
        .addAllExtensions(EXTENSIONS)
        .build());
  }

  @Override
  public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
    answer(response, () -> {
      ServedModel model = repository.resolve(request.getName(), request.getVersion()).model();
      ModelConfig config = model.config();
      ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder()
          .setName(config.getName())
          .setPlatform(config.getPlatform());
      model.versions().forEach(served -> metadata.addVersions(Long.toString(served)));
      config.getInputList().forEach(input ->
          metadata.addInputs(tensorMetadata(config, input.getName(), input.getDataType(), input.getDimsList())));
      config.getOutputList().forEach(output ->
          metadata.addOutputs(tensorMetadata(config, output.getName(), output.getDataType(), output.getDimsList())));
      return metadata.build();
    });
  }

  @Override
  public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> response) {
    answer(response, () -> ModelConfigResponse.newBuilder()
        .setConfig(repository.resolve(request.getName(), request.getVersion()).model().config())
        .build());
  }

  /**
   * Statistics of every loaded model's versions (no name), of one model's served versions (no version) or of one
   * version; a model or version that does not resolve answers as {@link ModelRepository#resolve} does.
   */
  @Override
  public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> response) {
    answer(response, () -> {
      ModelStatisticsResponse.Builder statistics = ModelStatisticsResponse.newBuilder();
      if (request.getName().isEmpty()) {
        repository.loaded().values().forEach(model -> model.versions().forEach(version ->
            statistics.addModelStats(model.statistics(version).toProtocol())));
      } else if (request.getVersion().isEmpty()) {
        ServedModel model = repository.servable(request.getName());
        model.versions().forEach(version -> statistics.addModelStats(model.statistics(version).toProtocol()));
      } else {
        ModelRepository.Resolved resolved = repository.resolve(request.getName(), request.getVersion());
        statistics.addModelStats(resolved.model().statistics(resolved.version()).toProtocol());
      }
      return statistics.build();
    });
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
    answer(response, () -> infer(request));
  }

  @Override
  public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> response) {
    answer(response, () -> {
      RepositoryIndexResponse.Builder index = RepositoryIndexResponse.newBuilder();
      for (ModelIndexEntry entry : repository.index(request.getReady())) {
        index.addModels(RepositoryIndexResponse.ModelIndex.newBuilder()
            .setName(entry.name())
            .setVersion(entry.version())
            .setState(entry.state())
            .setReason(entry.reason()));
      }
      return index.build();
    });
  }

  @Override
  public void repositoryModelLoad(
      RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> response) {
    answer(response, () -> {
      repository.load(request.getModelName());
      return RepositoryModelLoadResponse.getDefaultInstance();
    });
  }

  @Override
  public void repositoryModelUnload(
      RepositoryModelUnloadRequest request, StreamObserver<RepositoryModelUnloadResponse> response) {
    answer(response, () -> {
      repository.unload(request.getModelName());
      return RepositoryModelUnloadResponse.getDefaultInstance();
    });
  }

  /** Runs the request on the version it resolves to, counting it as a success or a failure of that version. */
  private ModelInferResponse infer(ModelInferRequest request) {
    ModelRepository.Resolved resolved = repository.resolve(request.getModelName(), request.getModelVersion());
    long arrived = System.nanoTime();
    boolean succeeded = false;
    try {
      ModelInferResponse answer = infer(request, resolved.model(), resolved.version());
      succeeded = true;
      return answer;
    } finally {
      resolved.model().statistics(resolved.version())
          .request(succeeded, System.nanoTime() - arrived, System.currentTimeMillis());
    }
  }

  private static ModelInferResponse infer(ModelInferRequest request, ServedModel model, long modelVersion) {
    ModelConfig config = model.config();
    Map<String, RawTensor> outputs =
        model.infer(modelVersion, RequestInputs.decode(request, config), requestedOutputs(request, config));
    ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
        .setModelName(config.getName())
        .setModelVersion(Long.toString(modelVersion))
        .setId(request.getId());
    outputs.forEach((name, tensor) -> {
      response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
          .setName(name)
          .setDatatype(tensor.datatype().name())
          .addAllShape(Arrays.stream(tensor.shape()).boxed().toList()));
      response.addRawOutputContents(tensor.data());
    });
    return response.build();
  }

  private static Set<String> requestedOutputs(ModelInferRequest request, ModelConfig config) {
    List<String> configured = config.getOutputList().stream().map(ModelOutput::getName).toList();
    if (request.getOutputsCount() == 0) {
      return new LinkedHashSet<>(configured);
    }
    Set<String> outputs = new LinkedHashSet<>();
    for (var output : request.getOutputsList()) {
      if (!configured.contains(output.getName())) {
        throw Status.INVALID_ARGUMENT.withDescription("unexpected inference output '" + output.getName()
            + "' for model '" + config.getName() + "'").asRuntimeException();
      }
      outputs.add(output.getName());
    }
    return outputs;
  }

  private static ModelMetadataResponse.TensorMetadata tensorMetadata(
      ModelConfig config, String name, DataType type, List<Long> dims) {
    List<Long> shape = new ArrayList<>();
    if (config.getMaxBatchSize() > 0) {
      shape.add(-1L);
    }
    shape.addAll(dims);
    return ModelMetadataResponse.TensorMetadata.newBuilder()
        .setName(name)
        .setDatatype(Datatype.of(type).name())
        .addAllShape(shape)
        .build();
  }

  private static <T> void answer(StreamObserver<T> observer, Supplier<T> handler) {
    T response;
    try {
      response = handler.get();
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (RuntimeException e) {
      log.error("Inference server call failed", e);
      observer.onError(Status.INTERNAL.withDescription(e.getMessage()).withCause(e).asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }
}
