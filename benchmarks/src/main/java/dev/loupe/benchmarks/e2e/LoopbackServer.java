package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The harness's side of the loopback: receives Loupe's callbacks on {@code /callback} (noting when each task's
 * arrived) and serves the automatic path's shelf images as PNG on {@code /images/<n>.png}. JDK's HTTP server on
 * 127.0.0.1, a free port.
 */
public final class LoopbackServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
    Thread thread = new Thread(task, "loopback-http");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param images PNG bytes of each image, served at {@code /images/<index>.png}
   * @param onCallback told the task id and the arrival time ({@link System#nanoTime()}) of each callback
   */
  public LoopbackServer(List<byte[]> images, BiConsumer<String, Long> onCallback) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.createContext("/callback", exchange -> callback(exchange, onCallback));
    server.createContext("/images/", exchange -> image(exchange, images));
    server.setExecutor(executor);
    server.start();
  }

  String callbackUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  public String imageUrl(int index) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/images/" + index + ".png";
  }

  private static void callback(HttpExchange exchange, BiConsumer<String, Long> onCallback) throws IOException {
    long arrived = System.nanoTime();
    try (exchange; InputStream body = exchange.getRequestBody()) {
      JsonNode json = LoupeApi.JSON.readTree(body.readAllBytes());
      String taskId = json.path("taskId").asText("");
      if (!taskId.isEmpty()) {
        onCallback.accept(taskId, arrived);
      }
      exchange.sendResponseHeaders(204, -1);
    } catch (IOException | RuntimeException e) {
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private static void image(HttpExchange exchange, List<byte[]> images) throws IOException {
    try (exchange) {
      String name = exchange.getRequestURI().getPath().substring("/images/".length());
      int index;
      try {
        index = Integer.parseInt(name.replace(".png", ""));
      } catch (NumberFormatException e) {
        index = -1;
      }
      if (index < 0 || index >= images.size()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] png = images.get(index);
      exchange.getResponseHeaders().set("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, png.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(png);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
