package dev.loupe.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.inference.protocol.GRPCInferenceServiceGrpc;
import dev.loupe.inference.protocol.ModelMetadataRequest;
import dev.loupe.inference.protocol.ModelMetadataResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TritonClientTest {

  @Test
  void unavailableServerIsRetriedUntilTheCircuitBreakerOpens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var settings = new TritonClientSettings("127.0.0.1:" + port, Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
        Duration.ofMillis(10), 50f, 2, Duration.ofMinutes(1));
    try (TritonClient client = new TritonClient(settings, new SimpleMeterRegistry())) {
      // Two UNAVAILABLE attempts fill the breaker's window of 2; the third attempt is refused by the open breaker.
      assertThatThrownBy(client::serverLive)
          .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
          .hasMessageContaining("circuit breaker open");
    }
  }

  @Test
  void shouldNeitherRetryNotFoundNorCountItTowardsTheCircuitBreaker() throws Exception {
    try (AnsweringServer triton = new AnsweringServer(Status.NOT_FOUND
            .withDescription("Request for unknown model: 'm' has no available versions"));
        TritonClient client = new TritonClient(smallBreaker(triton.port()), new SimpleMeterRegistry())) {
      for (int call = 0; call < 5; call++) {
        assertThatThrownBy(() -> client.modelMetadata("m"))
            .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND))
            .hasMessageNotContaining("circuit breaker");
      }

      assertThat(triton.calls()).isEqualTo(5);
    }
  }

  @Test
  void shouldRetryAVersionThatIsNotAtReadyStateAndOpenTheBreakerOnIt() throws Exception {
    try (AnsweringServer triton = new AnsweringServer(Status.UNAVAILABLE
            .withDescription("Request for unknown model: 'm' version 1 is not at ready state"));
        TritonClient client = new TritonClient(smallBreaker(triton.port()), new SimpleMeterRegistry())) {
      assertThatThrownBy(() -> client.modelMetadata("m"))
          .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
          .hasMessageContaining("circuit breaker open");

      // two attempts reached the server and filled the breaker's window of 2; it refused the third
      assertThat(triton.calls()).isEqualTo(2);
    }
  }

  @Test
  void shouldNotRetryAnInvalidArgument() throws Exception {
    try (AnsweringServer triton = new AnsweringServer(Status.INVALID_ARGUMENT.withDescription("wrong shape"));
        TritonClient client = new TritonClient(smallBreaker(triton.port()), new SimpleMeterRegistry())) {
      assertThatThrownBy(() -> client.modelMetadata("m"))
          .isInstanceOfSatisfying(InferenceException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));

      assertThat(triton.calls()).isEqualTo(1);
    }
  }

  /** Three attempts from 10 ms; a breaker that opens at 50 % of a window of two calls. */
  private static TritonClientSettings smallBreaker(int port) {
    return new TritonClientSettings("127.0.0.1:" + port, Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
        Duration.ofMillis(10), 50f, 2, Duration.ofMinutes(1));
  }

  /** A server on Triton's protocol that answers every ModelMetadata call with one status, and counts the calls. */
  private static final class AnsweringServer implements AutoCloseable {
    private final AtomicInteger calls = new AtomicInteger();
    private final Server server;

    AnsweringServer(Status answer) throws IOException {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
            @Override
            public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
              calls.incrementAndGet();
              response.onError(answer.asRuntimeException());
            }
          })
          .build()
          .start();
    }

    int port() {
      return server.getPort();
    }

    int calls() {
      return calls.get();
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void settingsNeedATargetAndOneAttempt() {
    assertThatThrownBy(() -> TritonClientSettings.defaults(" ")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> new TritonClientSettings("h:1", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, 50f, 1,
        Duration.ZERO)).hasMessageContaining("maxAttempts");
  }
}
