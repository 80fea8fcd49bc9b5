package dev.loupe.benchmarks.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.benchmarks.chaos.History.Callback;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's callback receiver, on loopback: it checks each callback's {@code Loupe-Signature} against the client's
 * signing secret the way a client would (HMAC-SHA256 over {@code "<t>.<body>"}) and keeps what it accepted.
 */
final class CallbackLog implements AutoCloseable {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
    Thread thread = new Thread(task, "chaos-callbacks");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Callback> accepted = new ArrayList<>();
  private volatile String secret = "";

  CallbackLog() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.createContext("/callback", this::receive);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  void signedWith(String signingSecret) {
    this.secret = signingSecret;
  }

  synchronized List<Callback> accepted() {
    return List.copyOf(accepted);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      JsonNode callback = json.readTree(body);
      String taskId = callback.path("taskId").asText("");
      if (taskId.isEmpty()) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      boolean valid = signatureValid(exchange.getRequestHeaders().getFirst("Loupe-Signature"), body);
      synchronized (this) {
        accepted.add(new Callback(taskId, callback.path("status").asText(), new String(body, StandardCharsets.UTF_8),
            valid));
      }
      exchange.sendResponseHeaders(204, -1);
    }
  }

  /** Whether any {@code v1} of the header is the HMAC of {@code "<t>.<body>"} with the client's secret. */
  boolean signatureValid(String header, byte[] body) {
    if (header == null || secret.isEmpty()) {
      return false;
    }
    String timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        timestamp = part.substring(2);
      } else if (part.startsWith("v1=")) {
        signatures.add(part.substring(3));
      }
    }
    if (timestamp == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      return signatures.stream().anyMatch(signature -> MessageDigest.isEqual(expected, hex(signature)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static byte[] hex(String text) {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException notHex) {
      return new byte[0];
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
