package dev.loupe.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

/**
 * Every way of writing "this machine" in a URL is refused before a connection is made: each URL points at a
 * loopback listener that counts what it accepts, and it must accept nothing. Only loopback is ever used.
 */
class OutboundHttpTest {

  /** A name only this test's resolver knows, resolving to loopback as a rebinding DNS server would answer. */
  private static final String REBOUND_NAME = "images.rebound.test";

  private LoopbackListener listener;
  private HttpServer server;

  @BeforeEach
  void listen() throws IOException {
    listener = new LoopbackListener();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes());
      exchange.close();
    });
    server.createContext("/redirect", exchange -> {
      exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + listener.port() + "/");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
    server.stop(0);
  }

  static Stream<Arguments> refusedUrls() {
    return Stream.of(
        refused("loopback", port -> "http://127.0.0.1:" + port + "/"),
        refused("localhost", port -> "http://localhost:" + port + "/"),
        refused("localhost with a trailing dot", port -> "http://localhost.:" + port + "/"),
        refused("decimal IPv4", port -> "http://2130706433:" + port + "/"),
        refused("octal IPv4", port -> "http://0177.0.0.1:" + port + "/"),
        refused("unspecified IPv4", port -> "http://0.0.0.0:" + port + "/"),
        refused("unspecified IPv6", port -> "http://[::]:" + port + "/"),
        refused("IPv6 loopback", port -> "http://[::1]:" + port + "/"),
        refused("IPv4-mapped IPv6 loopback", port -> "http://[::ffff:127.0.0.1]:" + port + "/"),
        // HttpClient refuses a userinfo before it resolves anything; the host behind it would be refused too
        Arguments.of("userinfo before loopback", (IntFunction<String>) port -> "http://a@127.0.0.1:" + port + "/",
            ClientProtocolException.class),
        refused("a name resolving to loopback", port -> "http://" + REBOUND_NAME + ":" + port + "/"));
  }

  private static Arguments refused(String what, IntFunction<String> url) {
    return Arguments.of(what, url, OutboundRefused.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedUrls")
  void shouldRefuseWithoutConnectingWhenNothingIsAllowed(String what, IntFunction<String> url,
      Class<? extends IOException> refusal) {
    try (OutboundHttp http = strict(List.of())) {
      assertThatThrownBy(() -> get(http, url.apply(listener.port()))).isInstanceOf(refusal);
    }
    assertThat(listener.accepted()).as("connections that reached the listener").isZero();
  }

  @Test
  void shouldCheckARedirectsTargetAgainWhenTheFirstHostIsAllowed() {
    try (OutboundHttp http = strict(List.of("127.0.0.1:" + server.getAddress().getPort()))) {
      assertThatThrownBy(() -> get(http, "http://127.0.0.1:" + server.getAddress().getPort() + "/redirect"))
          .isInstanceOf(OutboundRefused.class);
    }
    assertThat(listener.accepted()).isZero();
  }

  @Test
  void shouldFetchFromAnAllowListedLoopbackServer() throws IOException {
    try (OutboundHttp http = strict(TestOutbound.LOOPBACK)) {
      assertThat(get(http, "http://localhost:" + server.getAddress().getPort() + "/")).isEqualTo("ok");
    }
  }

  @Test
  void shouldRefuseTheEmbeddedServersPortsEvenWhenLoopbackIsAllowed() {
    OutboundSettings settings = TestOutbound.settings(TestOutbound.LOOPBACK, Set.of(listener.port()),
        Duration.ofSeconds(5), DataSize.ofMegabytes(1));
    try (OutboundHttp http = TestOutbound.http(settings)) {
      for (String host : List.of("127.0.0.1", "localhost", "[::1]", "0.0.0.0", "127.0.0.2")) {
        assertThatThrownBy(() -> get(http, "http://" + host + ":" + listener.port() + "/tasks-v1/_close"))
            .isInstanceOf(OutboundRefused.class);
      }
    }
    assertThat(listener.accepted()).isZero();
  }

  @Test
  void shouldRefuseLoupesOwnPortOnceItsServerHasStarted() {
    OutboundSettings settings = TestOutbound.allowing(TestOutbound.LOOPBACK);
    OutboundPolicy policy = new OutboundPolicy(settings, HostResolver.SYSTEM);
    try (OutboundHttp http = new OutboundHttp(policy, settings)) {
      policy.refusePort(listener.port());
      assertThatThrownBy(() -> get(http, "http://127.0.0.1:" + listener.port() + "/api/v1/clients"))
          .isInstanceOf(OutboundRefused.class);
    }
    assertThat(listener.accepted()).isZero();
  }

  private static OutboundHttp strict(List<String> allow) {
    OutboundSettings settings = TestOutbound.allowing(allow);
    Map<String, InetAddress> names = Map.of(REBOUND_NAME, InetAddress.getLoopbackAddress());
    HostResolver resolver = host -> new InetAddress[] {names.get(host)};
    return new OutboundHttp(new OutboundPolicy(settings, resolver), settings);
  }

  private static String get(OutboundHttp http, String url) throws IOException {
    return http.followingRedirects().execute(new HttpGet(URI.create(url)),
        response -> EntityUtils.toString(response.getEntity()));
  }
}
