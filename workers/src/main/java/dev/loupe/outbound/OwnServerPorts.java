package dev.loupe.outbound;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loupe's own API (and its management port, when apart) is refused to URLs in every profile: a callback must not
 * call Loupe's admin endpoints as Loupe. The port is the one the server really listens on ({@code server.port=0}
 * picks one at start).
 */
@Component
class OwnServerPorts {

  private final OutboundPolicy policy;

  OwnServerPorts(OutboundPolicy policy) {
    this.policy = policy;
  }

  @EventListener
  void refuse(WebServerInitializedEvent started) {
    policy.refusePort(started.getWebServer().getPort());
  }
}
