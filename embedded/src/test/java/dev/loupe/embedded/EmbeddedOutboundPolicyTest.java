package dev.loupe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The local distribution allows loopback and refuses its servers' ports, on top of what the user configured. */
class EmbeddedOutboundPolicyTest {

  @Test
  void shouldAllowLoopbackAndRefuseTheServersPortsWhenTheUserConfiguredNothing() {
    Map<String, String> properties = EmbeddedOutboundPolicy.properties(new MockEnvironment(), List.of(19200, 19300));

    assertThat(properties).containsEntry("loupe.outbound.allow", "127.0.0.0/8,[::1]")
        .containsEntry("loupe.outbound.refused-ports", "19200,19300");
  }

  @Test
  void shouldKeepWhatTheUserConfiguredAsAYamlListOrACommaSeparatedValue() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("loupe.outbound.allow[0]", "10.1.0.0/16")
        .withProperty("loupe.outbound.allow[1]", "192.168.7.7:443")
        .withProperty("loupe.outbound.refused-ports", "8081,9090");

    Map<String, String> properties = EmbeddedOutboundPolicy.properties(environment, List.of(15432));

    assertThat(properties).containsEntry("loupe.outbound.allow", "10.1.0.0/16,192.168.7.7:443,127.0.0.0/8,[::1]")
        .containsEntry("loupe.outbound.refused-ports", "8081,9090,15432");
  }
}
