package dev.loupe.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.util.List;
import java.util.Map;

/**
 * Zeebe's real engine in-process with its gRPC gateway (zeebe-process-test's engine). Its state is in memory:
 * a restart of Loupe forgets every process instance, so it turns on the recovery of unfinished tasks from the
 * journal ({@code loupe.recovery.enabled}).
 */
final class EmbeddedZeebe implements EmbeddedServer {

  private final int port;
  private ZeebeTestEngine engine;

  EmbeddedZeebe(int port) {
    this.port = port;
  }

  @Override
  public String name() {
    return "Zeebe engine";
  }

  @Override
  public Map<String, String> start() {
    engine = EngineFactory.create(port);
    engine.start();
    return Map.of(
        "camunda.client.mode", "self-managed",
        "camunda.client.grpc-address", "http://" + address(),
        "camunda.client.prefer-rest-over-grpc", "false",
        "loupe.recovery.enabled", "true");
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public List<Integer> ports() {
    return List.of(port);
  }

  @Override
  public void stop() {
    if (engine != null) {
      engine.stop();
    }
  }
}
