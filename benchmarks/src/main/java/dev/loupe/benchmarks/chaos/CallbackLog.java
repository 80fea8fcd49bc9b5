package dev.loupe.benchmarks.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.benchmarks.chaos.History.Callback;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's callback receiver, on loopback: it checks each callback's {@code Loupe-Signature} against the client's
 * signing secret the way a client would (HMAC-SHA256 over {@code "<t>.<body>"}) and keeps what it accepted, in
 * arrival order. It can be made to misbehave as a client's server does ({@link Mode}): down (its port closed),
 * answering 500, or slow (it keeps the callback, then answers after Loupe has given up waiting, so Loupe delivers it again).
 */
final class CallbackLog implements AutoCloseable {

  /** How the receiver behaves for a while. */
  enum Mode {
    /** Accepts each callback with 204. */
    UP,
    /** Its port is closed: connections are refused. */
    DOWN,
    /** Answers 500 without keeping the callback. */
    ERROR_500,
    /** Keeps the callback, then answers 204 only after {@link #SLOW_ANSWER}, longer than Loupe's read timeout. */
    SLOW
  }

  /** Longer than Loupe's outbound read timeout (20 s): the sender counts the try as failed and tries again. */
  static final Duration SLOW_ANSWER = Duration.ofSeconds(25);

  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService executor = Executors.newFixedThreadPool(16, task -> {
    Thread thread = new Thread(task, "chaos-callbacks");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Callback> accepted = new ArrayList<>();
  private final int port;
  private HttpServer server;
  private volatile Mode mode = Mode.UP;
  private volatile String secret = "";
  private volatile Consumer<Callback> onAccepted = callback -> {};

  CallbackLog() throws IOException {
    server = listen(0);
    port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 256);
    listening.createContext("/callback", this::receive);
    listening.setExecutor(executor);
    listening.start();
    return listening;
  }

  /** The same port again; the closed listener's port may take a moment to be free. */
  private HttpServer listenAgain() throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return listen(port);
      } catch (BindException stillHeld) {
        if (attempt == 20) {
          throw stillHeld;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw stillHeld;
        }
      }
    }
  }

  String url() {
    return "http://127.0.0.1:" + port + "/callback";
  }

  void signedWith(String signingSecret) {
    this.secret = signingSecret;
  }

  /** Told of each callback accepted (kept), after it is kept. */
  void onAccepted(Consumer<Callback> listener) {
    this.onAccepted = listener;
  }

  /** Behaves as {@code next} from now on: DOWN closes the port, anything else opens it again on the same port. */
  synchronized void behave(Mode next) throws IOException {
    if (next == Mode.DOWN && server != null) {
      server.stop(0);
      server = null;
    } else if (next != Mode.DOWN && server == null) {
      server = listenAgain();
    }
    mode = next;
  }

  synchronized List<Callback> accepted() {
    return List.copyOf(accepted);
  }

  /** How many of the task's callbacks were accepted so far. */
  synchronized int acceptedOf(String taskId) {
    return (int) accepted.stream().filter(callback -> callback.taskId().equals(taskId)).count();
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      Mode now = mode;
      if (now == Mode.ERROR_500) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      JsonNode callback = json.readTree(body);
      String taskId = callback.path("taskId").asText("");
      if (taskId.isEmpty()) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      boolean valid = signatureValid(exchange.getRequestHeaders().getFirst("Loupe-Signature"), body);
      Callback kept = new Callback(taskId, callback.path("status").asText(), new String(body, StandardCharsets.UTF_8),
          valid);
      synchronized (this) {
        accepted.add(kept);
      }
      onAccepted.accept(kept);
      if (now == Mode.SLOW) {
        Thread.sleep(SLOW_ANSWER);
      }
      exchange.sendResponseHeaders(204, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
    }
    executor.shutdownNow();
  }
}
