package dev.loupe.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before a server starts, so a taken port is one clear error, not a bind stack trace. */
final class Ports {

  private Ports() {}

  /** The configured port if it is free, a free ephemeral port if the configured one is 0. */
  static int claim(String server, String property, int port) {
    if (port == 0) {
      return freePort();
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return port;
    } catch (IOException taken) {
      throw new EmbeddedServerException(
          "Port %d for the embedded %s is already in use.".formatted(port, server),
          "Stop what uses port %d, or set %s to another port (0 picks a free one), or point Loupe at an external %s."
              .formatted(port, property, server));
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedServerException("No free port on the loopback interface.", "Check the machine's network.", e);
    }
  }
}
