package dev.loupe.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the policy refuses, judged on addresses a test resolver hands it: nothing here connects anywhere. (Only
 * loopback would be reachable; these ranges are checked by address alone.)
 */
class OutboundPolicyTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
      "100.64.0.1", "0.0.0.0", "0.1.2.3", "224.0.0.1", "255.255.255.255", "127.0.0.2", "::", "::1", "fc00::1",
      "fd12:3456::1", "fe80::1", "ff02::1", "64:ff9b::a9fe:a9fe", "::ffff:a9fe:a9fe", "::ffff:10.0.0.1"})
  void shouldRefuseAnInternalAddressTheAllowListDoesNotName(String address) throws UnknownHostException {
    OutboundPolicy policy = resolvingTo(address, List.of());

    assertThatThrownBy(() -> policy.resolve("images.example.test", 80)).isInstanceOf(OutboundRefused.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"93.184.215.14", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::1"})
  void shouldLetAPublicAddressThrough(String address) throws UnknownHostException {
    OutboundPolicy policy = resolvingTo(address, List.of());

    assertThat(policy.resolve("images.example.test", 443))
        .containsExactly(new InetSocketAddress(InetAddress.getByName(address), 443));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"10.0.0.0/8", "10.1.2.3", "10.1.2.3:8080", "[10.1.0.0/16]:8080"})
  void shouldLetAnAllowListedInternalAddressThrough(String allowed) throws UnknownHostException {
    OutboundPolicy policy = resolvingTo("10.1.2.3", List.of(allowed));

    assertThat(policy.resolve("images.example.test", 8080)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"10.1.2.3:8081", "10.2.0.0/16", "fc00::/7"})
  void shouldRefuseAnInternalAddressOutsideTheAllowList(String allowed) throws UnknownHostException {
    OutboundPolicy policy = resolvingTo("10.1.2.3", List.of(allowed));

    assertThatThrownBy(() -> policy.resolve("images.example.test", 8080)).isInstanceOf(OutboundRefused.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "1.2.3.04", "example.0x1"})
  void shouldRefuseAHostWrittenAsANumberOtherThanADottedQuadWithoutResolvingIt(String host)
      throws UnknownHostException {
    OutboundPolicy policy = new OutboundPolicy(TestOutbound.allowing(List.of("0.0.0.0/0")), name -> {
      throw new AssertionError("resolved " + name);
    });

    assertThatThrownBy(() -> policy.resolve(host, 80)).isInstanceOf(OutboundRefused.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"example.com", "10.0.0.0/33", "localhost", "10.0.0.1:http"})
  void shouldNotStartWithAnAllowListEntryThatIsNotAnIpRange(String entry) {
    assertThatThrownBy(() -> AddressRange.parse(entry)).isInstanceOf(IllegalArgumentException.class);
  }

  private static OutboundPolicy resolvingTo(String address, List<String> allow) throws UnknownHostException {
    InetAddress resolved = InetAddress.getByAddress(InetAddress.getByName(address).getAddress());
    return new OutboundPolicy(TestOutbound.allowing(allow), name -> new InetAddress[] {resolved});
  }
}
