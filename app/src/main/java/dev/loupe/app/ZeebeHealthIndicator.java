package dev.loupe.app;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import java.time.Duration;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** {@code zeebe}: the gateway answers a topology request over gRPC. */
@Component("zeebe")
class ZeebeHealthIndicator extends AbstractHealthIndicator {

  private final CamundaClient camunda;

  ZeebeHealthIndicator(CamundaClient camunda) {
    super("Zeebe gateway unreachable");
    this.camunda = camunda;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    Topology topology = camunda.newTopologyRequest().requestTimeout(Duration.ofSeconds(3)).send().join();
    health.up()
        .withDetail("brokers", topology.getBrokers().size())
        .withDetail("partitions", topology.getPartitionsCount())
        .withDetail("gatewayVersion", topology.getGatewayVersion());
  }
}
