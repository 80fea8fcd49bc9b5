package dev.loupe.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
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
  void settingsNeedATargetAndOneAttempt() {
    assertThatThrownBy(() -> TritonClientSettings.defaults(" ")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> new TritonClientSettings("h:1", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, 50f, 1,
        Duration.ZERO)).hasMessageContaining("maxAttempts");
  }
}
