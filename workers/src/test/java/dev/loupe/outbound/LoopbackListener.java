package dev.loupe.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on 127.0.0.1 (and on ::1 at the same port where the machine has IPv6) that counts the
 * connections it accepts and closes them: what a test points a refused URL at to see that nothing reached it.
 */
final class LoopbackListener implements AutoCloseable {

  private final List<ServerSocket> sockets = new ArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  LoopbackListener() throws IOException {
    ServerSocket ipv4 = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    sockets.add(ipv4);
    try {
      ServerSocket ipv6 = new ServerSocket();
      ipv6.bind(new InetSocketAddress(InetAddress.getByName("::1"), ipv4.getLocalPort()));
      sockets.add(ipv6);
    } catch (IOException noIpv6) {
      // this machine has no IPv6 loopback: an [::1] URL cannot connect anywhere either
    }
    sockets.forEach(socket -> Thread.ofVirtual().start(() -> acceptAll(socket)));
  }

  int port() {
    return sockets.getFirst().getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  private void acceptAll(ServerSocket socket) {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        accepted.incrementAndGet();
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (ServerSocket socket : sockets) {
      socket.close();
    }
  }
}
