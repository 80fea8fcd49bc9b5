package dev.loupe.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.callbacks.CallbackSender.Delivery;
import dev.loupe.outbound.OutboundHttp;
import dev.loupe.outbound.OutboundRefused;
import dev.loupe.outbound.TestOutbound;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.TaskStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/** Against a callback receiver on loopback, which is allow-listed as in the embedded default. */
class HttpCallbackSenderTest {

  private static final String SECRET = "lps_test";
  private static final CallbackMessage DONE = new CallbackMessage("t-1", "product-detection", "beverages",
      TaskStatus.DONE, new CallbackMessage.Result(
          List.of(new AnnotatedObject("o-1", 0, new Box(1, 2, 3, 4), "cola")), List.of()), null);

  private final ObjectMapper json = new ObjectMapper();
  private final OutboundHttp http = TestOutbound.http(TestOutbound.allowing(TestOutbound.LOOPBACK));
  private final HttpCallbackSender sender = new HttpCallbackSender(RestClient.builder(), http, json, null, SECRET);
  private final BlockingQueue<Received> received = new ArrayBlockingQueue<>(10);
  private HttpServer receiver;

  private record Received(String body, String signature) {}

  @AfterEach
  void stopReceiver() {
    if (receiver != null) {
      receiver.stop(0);
    }
    http.close();
  }

  @Test
  void shouldPostTheMessageSignedWithTheDefaultSecretWhenTheTaskHasNoClient() throws Exception {
    URI url = receiverAnswering(204, null);

    Delivery delivery = sender.send(url, null, DONE, 1);

    assertThat(delivery).isEqualTo(new Delivery.Delivered(204));
    Received callback = received.poll(5, TimeUnit.SECONDS);
    JsonNode body = json.readTree(callback.body());
    assertThat(body.path("status").asText()).isEqualTo("DONE");
    assertThat(body.path("result").path("objects").get(0).path("classId").asText()).isEqualTo("cola");
    assertThat(body.path("result").has("readings")).as("no readings for product detection").isFalse();
    assertThat(body.has("rejection")).isFalse();
    assertThat(callback.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
  }

  @Test
  void shouldTellTheClientARejectedTaskIsRejectedWithTheImageAndWhy() throws Exception {
    URI url = receiverAnswering(200, null);
    CallbackMessage rejected = new CallbackMessage("t-2", "product-detection", "beverages", TaskStatus.REJECTED,
        null, new CallbackMessage.Rejection(1, URI.create("http://127.0.0.1/shelf.jpg"), "not an image", null, null));

    sender.send(url, null, rejected, 1);

    JsonNode body = json.readTree(received.poll(5, TimeUnit.SECONDS).body());
    assertThat(body.path("status").asText()).isEqualTo("REJECTED");
    assertThat(body.path("rejection").path("imageIndex").asInt()).isEqualTo(1);
    assertThat(body.path("rejection").path("problem").asText()).isEqualTo("not an image");
    assertThat(body.path("rejection").has("reason")).as("a worker's rejection has no operator's reason").isFalse();
    assertThat(body.has("result")).isFalse();
  }

  @Test
  void shouldWaitAsTheClientsRetryAfterAsksWhenItIsBusy() throws Exception {
    URI url = receiverAnswering(503, "30");

    Delivery delivery = sender.send(url, null, DONE, 1);

    assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
      assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(failed.error()).isEqualTo("answered HTTP 503");
    });
  }

  @Test
  void shouldRefuseForGoodACallbackTheOutboundPolicyRefusesWithoutPostingIt() throws Exception {
    URI url = receiverAnswering(204, null);

    Delivery delivery;
    try (OutboundHttp strict = TestOutbound.http(TestOutbound.allowing(List.of()))) {
      delivery = new HttpCallbackSender(RestClient.builder(), strict, json, null, SECRET).send(url, null, DONE, 1);
    }

    assertThat(delivery).isEqualTo(new Delivery.Refused(OutboundRefused.PROBLEM));
    assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("callback received").isNull();
  }

  @Test
  void shouldWaitLongerTheMoreTriesFailedWhenTheClientAnswers500() throws Exception {
    URI url = receiverAnswering(500, null);

    Delivery first = sender.send(url, null, DONE, 1);
    Delivery fourth = sender.send(url, null, DONE, 4);

    assertThat(((Delivery.Failed) first).retryAfter()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
    assertThat(((Delivery.Failed) fourth).retryAfter()).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(18));
  }

  @Test
  void shouldSpreadTheRecipesFiveTriesOverMoreThanTwentyMinutesSoAReceiverDownForMinutesStillGetsItsResult() {
    Duration betweenFirstAndFifth = Duration.ZERO;
    for (int failedTry = 1; failedTry <= 4; failedTry++) {
      betweenFirstAndFifth = betweenFirstAndFifth.plus(CallbackBackoff.after(failedTry));
    }

    assertThat(betweenFirstAndFifth).isGreaterThanOrEqualTo(Duration.ofMinutes(21));
    assertThat(CallbackBackoff.after(9)).as("every later try waits as long as the fourth")
        .isBetween(Duration.ofMinutes(15), Duration.ofMinutes(18));
  }

  @Test
  void shouldFailNamingTheRefusedConnectionWithABackoffWhenNothingListens() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    Delivery delivery = sender.send(URI.create("http://127.0.0.1:" + closedPort + "/callback"), null, DONE, 1);

    assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
      assertThat(failed.retryAfter()).isPositive();
      assertThat(failed.error()).isEqualTo("HttpHostConnectException");
    });
  }

  @Test
  void shouldHonourRetryAfterInSecondsUpToTenMinutesAndIgnoreAnythingElse() {
    assertThat(HttpCallbackSender.retryAfter(headers("120"))).contains(Duration.ofMinutes(2));
    assertThat(HttpCallbackSender.retryAfter(headers("86400"))).contains(HttpCallbackSender.LONGEST_RETRY_AFTER);
    assertThat(HttpCallbackSender.retryAfter(headers("Wed, 21 Oct 2026 07:28:00 GMT"))).isEmpty();
    assertThat(HttpCallbackSender.retryAfter(headers("-5"))).isEmpty();
    assertThat(HttpCallbackSender.retryAfter(new HttpHeaders())).isEmpty();
  }

  private static HttpHeaders headers(String retryAfter) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
    return headers;
  }

  private URI receiverAnswering(int status, String retryAfter) throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/callback", exchange -> {
      received.add(new Received(new String(exchange.getRequestBody().readAllBytes()),
          exchange.getRequestHeaders().getFirst(CallbackSigner.HEADER)));
      if (retryAfter != null) {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
      }
      byte[] answer = "internal detail".getBytes();
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    receiver.start();
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callback");
  }
}
