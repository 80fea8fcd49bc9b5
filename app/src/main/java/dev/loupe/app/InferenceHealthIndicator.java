package dev.loupe.app;

import dev.loupe.inference.TritonClient;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code inference}: the model server (Triton or the embedded one) is ready, and which models it serves;
 * UNKNOWN when no model server is configured (tasks of class groups with a model then wait in an incident).
 */
@Component("inference")
class InferenceHealthIndicator extends AbstractHealthIndicator {

  private final ObjectProvider<TritonClient> client;

  InferenceHealthIndicator(ObjectProvider<TritonClient> client) {
    super("Model server unreachable");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    TritonClient triton = client.getIfAvailable();
    if (triton == null) {
      health.unknown().withDetail("reason", "no model server configured (loupe.inference.url)");
      return;
    }
    if (!triton.serverReady()) {
      health.down().withDetail("ready", false);
      return;
    }
    health.up().withDetail("models", triton.repositoryIndex(true).stream()
        .map(model -> model.name() + "/" + model.version())
        .toList());
  }
}
