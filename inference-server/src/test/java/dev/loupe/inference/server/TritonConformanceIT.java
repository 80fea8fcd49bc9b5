package dev.loupe.inference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.loupe.inference.TritonClient;
import dev.loupe.inference.protocol.GRPCInferenceServiceGrpc;
import dev.loupe.inference.protocol.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.loupe.inference.protocol.ModelConfigRequest;
import dev.loupe.inference.protocol.ModelInferRequest;
import dev.loupe.inference.protocol.ModelMetadataRequest;
import dev.loupe.inference.protocol.ModelReadyRequest;
import dev.loupe.inference.protocol.ModelStatistics;
import dev.loupe.inference.protocol.ModelStatisticsRequest;
import dev.loupe.inference.protocol.RepositoryIndexRequest;
import dev.loupe.inference.protocol.RepositoryIndexResponse.ModelIndex;
import dev.loupe.inference.protocol.RepositoryModelUnloadRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server answers as Triton does (ADR 0029): each status code of a model or version that does not resolve,
 * the repository index of an unloaded model, the backend in ModelConfig, statistics that count real calls and the
 * standard gRPC health service. Asked through the bare protocol stubs, as any Triton client would ask.
 */
class TritonConformanceIT {

  private static final String DETECTOR = "text_detection";
  private static final String RECOGNIZER = "text_recognition";

  @TempDir
  Path repository;

  private EmbeddedModelServer server;
  private ManagedChannel channel;
  private GRPCInferenceServiceBlockingStub triton;

  @BeforeEach
  void start() throws Exception {
    ClasspathModelRepository.extractTo(repository);
    server = EmbeddedModelServer.start(repository, "127.0.0.1", 0, 1);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .maxInboundMessageSize(TritonClient.MAX_MESSAGE_BYTES).build();
    triton = GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void shouldAnswerNotFoundForAModelNoLoadNamed() {
    assertStatus(() -> triton.modelInfer(infer("no_such_model", "")), Status.Code.NOT_FOUND,
        "Request for unknown model: 'no_such_model' is not found");
    assertStatus(() -> triton.modelMetadata(ModelMetadataRequest.newBuilder().setName("no_such_model").build()),
        Status.Code.NOT_FOUND, "is not found");
    assertStatus(() -> triton.modelConfig(ModelConfigRequest.newBuilder().setName("no_such_model").build()),
        Status.Code.NOT_FOUND, "is not found");
    assertThat(triton.modelReady(ModelReadyRequest.newBuilder().setName("no_such_model").build()).getReady()).isFalse();
  }

  @Test
  void shouldAnswerNotFoundForAVersionNeverLoadedAndInvalidArgumentForOneThatIsNoNumber() {
    assertStatus(() -> triton.modelInfer(infer(DETECTOR, "7")), Status.Code.NOT_FOUND,
        "Request for unknown model: 'text_detection' version 7 is not found");
    assertStatus(() -> triton.modelConfig(ModelConfigRequest.newBuilder().setName(DETECTOR).setVersion("7").build()),
        Status.Code.NOT_FOUND, "version 7 is not found");
    assertThat(triton.modelReady(ModelReadyRequest.newBuilder().setName(DETECTOR).setVersion("7").build()).getReady())
        .isFalse();
    assertStatus(() -> triton.modelInfer(infer(DETECTOR, "latest")), Status.Code.INVALID_ARGUMENT,
        "version should be an integral value");
  }

  @Test
  void shouldAnswerNotFoundForTheLatestVersionOfAnUnloadedModelAndUnavailableForItsVersion() {
    triton.repositoryModelUnload(RepositoryModelUnloadRequest.newBuilder().setModelName(RECOGNIZER).build());

    assertStatus(() -> triton.modelInfer(infer(RECOGNIZER, "")), Status.Code.NOT_FOUND,
        "Request for unknown model: 'text_recognition' has no available versions");
    assertStatus(() -> triton.modelMetadata(ModelMetadataRequest.newBuilder().setName(RECOGNIZER).build()),
        Status.Code.NOT_FOUND, "has no available versions");
    assertStatus(() -> triton.modelInfer(infer(RECOGNIZER, "1")), Status.Code.UNAVAILABLE,
        "Request for unknown model: 'text_recognition' version 1 is not at ready state");
    assertStatus(() -> triton.modelConfig(ModelConfigRequest.newBuilder().setName(RECOGNIZER).setVersion("1").build()),
        Status.Code.UNAVAILABLE, "version 1 is not at ready state");
    assertThat(triton.modelReady(ModelReadyRequest.newBuilder().setName(RECOGNIZER).setVersion("1").build()).getReady())
        .isFalse();
  }

  @Test
  void shouldKeepTheVersionOfAnUnloadedModelInTheIndexAsUnavailable() {
    triton.repositoryModelUnload(RepositoryModelUnloadRequest.newBuilder().setModelName(RECOGNIZER).build());

    assertThat(triton.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList()).containsExactly(
        ModelIndex.newBuilder().setName(DETECTOR).setVersion("1").setState("READY").build(),
        ModelIndex.newBuilder().setName(RECOGNIZER).setVersion("1").setState("UNAVAILABLE").setReason("unloaded").build());
    assertThat(triton.repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(true).build()).getModelsList())
        .extracting(ModelIndex::getName).containsExactly(DETECTOR);
  }

  @Test
  void shouldNameTheOnnxRuntimeBackendInTheModelConfig() {
    var config = triton.modelConfig(ModelConfigRequest.newBuilder().setName(DETECTOR).build()).getConfig();

    assertThat(config.getBackend()).isEqualTo("onnxruntime");
    assertThat(config.getPlatform()).isEqualTo("onnxruntime_onnx");
  }

  @Test
  void shouldCountEachInferenceInTheStatisticsOfItsVersion() {
    ModelStatistics before = statistics(DETECTOR);
    assertThat(before.getInferenceCount()).isZero();
    assertThat(before.getExecutionCount()).isZero();
    assertThat(before.getInferenceStats().getSuccess().getCount()).isZero();
    long start = System.currentTimeMillis();

    for (int i = 0; i < 3; i++) {
      triton.modelInfer(infer(DETECTOR, "1"));
    }
    assertStatus(() -> triton.modelInfer(infer(DETECTOR, "1").toBuilder().setInputs(0,
        infer(DETECTOR, "1").getInputs(0).toBuilder().setDatatype("INT64")).build()), Status.Code.INVALID_ARGUMENT, "");

    ModelStatistics after = statistics(DETECTOR);
    assertThat(after.getName()).isEqualTo(DETECTOR);
    assertThat(after.getVersion()).isEqualTo("1");
    assertThat(after.getInferenceCount()).isEqualTo(3);
    assertThat(after.getExecutionCount()).isEqualTo(3);
    assertThat(after.getLastInference()).isBetween(start, System.currentTimeMillis());
    var stats = after.getInferenceStats();
    assertThat(stats.getSuccess().getCount()).isEqualTo(3);
    assertThat(stats.getSuccess().getNs()).isPositive();
    assertThat(stats.getFail().getCount()).isEqualTo(1);
    assertThat(stats.getQueue().getCount()).isEqualTo(3);
    assertThat(stats.getComputeInfer().getCount()).isEqualTo(3);
    assertThat(stats.getComputeInfer().getNs()).isPositive();
    assertThat(stats.getComputeInput().getCount()).isEqualTo(3);
    assertThat(stats.getComputeOutput().getCount()).isEqualTo(3);
    assertThat(stats.getCacheHit().getCount()).isZero();
    assertThat(after.getBatchStatsList()).singleElement().satisfies(batch -> {
      assertThat(batch.getBatchSize()).isEqualTo(1);
      assertThat(batch.getComputeInfer().getCount()).isEqualTo(3);
      assertThat(batch.getComputeInfer().getNs()).isEqualTo(stats.getComputeInfer().getNs());
    });
    assertThat(statistics(RECOGNIZER).getInferenceStats().getSuccess().getCount()).isZero();
    assertThat(triton.modelStatistics(ModelStatisticsRequest.getDefaultInstance()).getModelStatsList())
        .extracting(ModelStatistics::getName).containsExactly(DETECTOR, RECOGNIZER);
  }

  @Test
  void shouldAnswerTheHealthServiceServingWhileReadyAndNotServingOnceClosing() throws Exception {
    var health = HealthGrpc.newBlockingStub(channel);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService(GRPCInferenceServiceGrpc.SERVICE_NAME).build())
        .getStatus()).isEqualTo(ServingStatus.SERVING);
    Iterator<HealthCheckResponse> watch = health.watch(HealthCheckRequest.getDefaultInstance());
    assertThat(watch.next().getStatus()).isEqualTo(ServingStatus.SERVING);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
      try {
        server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    assertThat(watch.next().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    channel.shutdownNow();
    closing.get(30, TimeUnit.SECONDS);
    assertThat(server.isReady()).isFalse();
  }

  private ModelStatistics statistics(String model) {
    var answer = triton.modelStatistics(ModelStatisticsRequest.newBuilder().setName(model).build());
    assertThat(answer.getModelStatsCount()).isEqualTo(1);
    return answer.getModelStats(0);
  }

  /** A request of the detector's shape (one 32×32 image of zeros), for {@code model} at {@code version}. */
  private static ModelInferRequest infer(String model, String version) {
    ByteBuffer zeros = ByteBuffer.allocate(3 * 32 * 32 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    return ModelInferRequest.newBuilder()
        .setModelName(model)
        .setModelVersion(version)
        .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
            .addShape(1).addShape(3).addShape(32).addShape(32))
        .addRawInputContents(ByteString.copyFrom(zeros.array()))
        .build();
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(description);
    });
  }
}
