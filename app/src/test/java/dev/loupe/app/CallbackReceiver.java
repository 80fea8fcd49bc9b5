package dev.loupe.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A client's side of Loupe in tests: receives result callbacks at {@code /callback} (answering 204) and can
 * serve files such as task images, on a free loopback port. Public for the local distribution's tests.
 */
public final class CallbackReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  /** A callback as it came: the raw body and its {@code Loupe-Signature} header (null when unsigned). */
  record Callback(String body, String signature) {}

  private final Queue<Callback> callbacks = new ConcurrentLinkedQueue<>();
  private final Map<String, Queue<Instant>> requestTimes = new ConcurrentHashMap<>();

  private CallbackReceiver(HttpServer server) {
    this.server = server;
  }

  public static CallbackReceiver start() throws IOException {
    CallbackReceiver receiver =
        new CallbackReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    receiver.server.createContext("/callback", exchange -> {
      receiver.callbacks.add(new Callback(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          exchange.getRequestHeaders().getFirst("Loupe-Signature")));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.server.start();
    return receiver;
  }

  /**
   * Serves {@code content} at {@code path} after answering the first {@code failures} requests with 503, as an
   * image server that fails for now; remembers when each request came.
   */
  CallbackReceiver serveAfterFailing(String path, String contentType, byte[] content, int failures) {
    Queue<Instant> requests = new ConcurrentLinkedQueue<>();
    requestTimes.put(path, requests);
    server.createContext(path, exchange -> {
      requests.add(Instant.now());
      if (requests.size() <= failures) {
        exchange.sendResponseHeaders(503, -1);
      } else {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, content.length);
        exchange.getResponseBody().write(content);
      }
      exchange.close();
    });
    return this;
  }

  /** When the requests to a path served by {@link #serveAfterFailing} came, in order. */
  List<Instant> requestTimes(String path) {
    return List.copyOf(requestTimes.get(path));
  }

  /** Serves {@code content} at {@code path}. */
  CallbackReceiver serve(String path, String contentType, byte[] content) {
    server.createContext(path, exchange -> {
      exchange.getResponseHeaders().add("Content-Type", contentType);
      exchange.sendResponseHeaders(200, content.length);
      exchange.getResponseBody().write(content);
      exchange.close();
    });
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The callback body received for the task, null while none has come. */
  public String callbackFor(String taskId) {
    Callback callback = receivedFor(taskId);
    return callback == null ? null : callback.body();
  }

  /** The callback received for the task, null while none has come. */
  Callback receivedFor(String taskId) {
    for (Callback callback : callbacks) {
      try {
        if (JSON.readTree(callback.body()).path("taskId").asText().equals(taskId)) {
          return callback;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("a callback that is not JSON: " + callback.body(), e);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
