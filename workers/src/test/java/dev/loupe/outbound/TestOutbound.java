package dev.loupe.outbound;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.util.unit.DataSize;

/** Outbound settings for tests: the defaults, with the allow-list, refused ports and limits a test names. */
public final class TestOutbound {

  /** Loopback, as the embedded default allows it: tests serve their images and callbacks there. */
  public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "[::1]");

  private TestOutbound() {}

  public static OutboundSettings settings(List<String> allow, Set<Integer> refusedPorts, Duration readTimeout,
      DataSize maxImageSize) {
    return new OutboundSettings(allow, refusedPorts, Duration.ofSeconds(5), readTimeout, 5, maxImageSize);
  }

  public static OutboundSettings allowing(List<String> allow) {
    return settings(allow, Set.of(), Duration.ofSeconds(20), DataSize.ofMegabytes(20));
  }

  public static OutboundHttp http(OutboundSettings settings) {
    return new OutboundHttp(new OutboundPolicy(settings, HostResolver.SYSTEM), settings);
  }
}
