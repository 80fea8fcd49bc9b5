package dev.loupe.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The outbound policy of the local distribution: on one machine the README's images and callbacks are served on
 * 127.0.0.1, so loopback is allow-listed ({@code loupe.outbound.allow}) — but never the embedded servers' own
 * ports ({@code loupe.outbound.refused-ports}), which a client's URL must not reach (a callback to
 * {@code http://127.0.0.1:19200/tasks-v1/_close} would close an index). Both add to what the user configured.
 */
final class EmbeddedOutboundPolicy {

  static final String ALLOW = "loupe.outbound.allow";
  static final String REFUSED_PORTS = "loupe.outbound.refused-ports";
  static final List<String> LOOPBACK = List.of("127.0.0.0/8", "[::1]");

  private EmbeddedOutboundPolicy() {}

  /** The two properties, each the user's entries (in any form: a list in YAML, a comma-separated value) plus ours. */
  static Map<String, String> properties(ConfigurableEnvironment environment, Collection<Integer> serverPorts) {
    return Map.of(
        ALLOW, String.join(",", configuredAnd(environment, ALLOW, LOOPBACK)),
        REFUSED_PORTS, String.join(",", configuredAnd(environment, REFUSED_PORTS,
            serverPorts.stream().map(String::valueOf).toList())));
  }

  private static List<String> configuredAnd(ConfigurableEnvironment environment, String property, List<String> ours) {
    List<String> entries = new ArrayList<>(
        Binder.get(environment).bind(property, Bindable.listOf(String.class)).orElse(List.of()));
    entries.addAll(ours);
    return entries;
  }
}
