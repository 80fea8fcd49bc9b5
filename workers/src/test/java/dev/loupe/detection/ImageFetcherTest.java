package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loupe.outbound.OutboundHttp;
import dev.loupe.outbound.OutboundRefused;
import dev.loupe.outbound.TestOutbound;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * What a retry can fix is a DetectionFailed; what it cannot is an ImageUnusable, whose problem tells the client
 * nothing of what the image's server answered. Loopback is allow-listed here, as in the embedded default.
 */
class ImageFetcherTest {

  private static final int MAX_BYTES = 4096;

  private HttpServer server;
  /** Holds /silent.png's answer back until the test is over: a server that never answers within the read timeout. */
  private final CountDownLatch over = new CountDownLatch(1);
  private final OutboundHttp http = TestOutbound.http(TestOutbound.settings(TestOutbound.LOOPBACK, Set.of(),
      Duration.ofMillis(500), DataSize.ofBytes(MAX_BYTES)));
  private final ImageFetcher fetcher = new ImageFetcher(http, TestOutbound.allowing(List.of()));
  private final ImageFetcher capped = new ImageFetcher(http, TestOutbound.settings(List.of(), Set.of(),
      Duration.ofSeconds(20), DataSize.ofBytes(MAX_BYTES)));

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve("/shelf.png", 200, png());
    serve("/gone.png", 404, "secret internal page".getBytes(StandardCharsets.UTF_8));
    serve("/forbidden.png", 403, new byte[0]);
    serve("/busy.png", 503, new byte[0]);
    serve("/slow-down.png", 429, new byte[0]);
    serve("/page.html", 200, "<html>not an image</html>".getBytes(StandardCharsets.UTF_8));
    serve("/typed.html", 200, "text/html", png());
    serve("/untyped.png", 200, "application/octet-stream", png());
    serve("/huge.png", 200, "image/png", new byte[MAX_BYTES + 1]);
    server.createContext("/endless.png", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, 0);
      try (var body = exchange.getResponseBody()) {
        for (int i = 0; i < 1_000_000; i++) {
          body.write(new byte[1024]);
        }
      } catch (IOException cutOff) {
        exchange.close();
      }
    });
    server.createContext("/silent.png", exchange -> {
      try {
        over.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  @AfterEach
  void stop() {
    over.countDown();
    server.stop(0);
    http.close();
  }

  @Test
  void shouldDecodeAnImage() {
    assertThat(fetcher.fetch(url("/shelf.png")).getWidth()).isEqualTo(8);
  }

  @Test
  void shouldCallAnImageRefusedForGoodOrNotAnImageUnusable() {
    assertThatThrownBy(() -> fetcher.fetch(url("/gone.png")))
        .isInstanceOfSatisfying(ImageUnusable.class, unusable -> {
          assertThat(unusable.problem()).isEqualTo("could not be fetched");
          assertThat(unusable.image()).isEqualTo(url("/gone.png"));
        });
    assertThatThrownBy(() -> fetcher.fetch(url("/forbidden.png"))).isInstanceOf(ImageUnusable.class);
    assertThatThrownBy(() -> fetcher.fetch(url("/page.html")))
        .isInstanceOf(ImageUnusable.class).hasMessageEndingWith("is not a PNG, JPEG, BMP or GIF image");
  }

  @Test
  void shouldLeaveWhatARetryMayFixToRetries() {
    assertThatThrownBy(() -> fetcher.fetch(url("/busy.png")))
        .isExactlyInstanceOf(DetectionFailed.class).hasMessageContaining("HTTP 503");
    assertThatThrownBy(() -> fetcher.fetch(url("/slow-down.png"))).isExactlyInstanceOf(DetectionFailed.class);
    server.stop(0);
    assertThatThrownBy(() -> fetcher.fetch(url("/shelf.png"))).isExactlyInstanceOf(DetectionFailed.class);
  }

  @Test
  void shouldTakeAnImageOrAnUntypedFileButNotAnotherType() {
    assertThat(fetcher.fetch(url("/untyped.png")).getWidth()).isEqualTo(8);
    assertThatThrownBy(() -> fetcher.fetch(url("/typed.html")))
        .isInstanceOfSatisfying(ImageUnusable.class,
            unusable -> assertThat(unusable.problem()).isEqualTo(ImageFetcher.NOT_AN_IMAGE));
  }

  @Test
  void shouldRefuseAnImageBiggerThanTheCapWhileItStreamsIn() {
    assertThatThrownBy(() -> capped.download(url("/huge.png")))
        .isInstanceOfSatisfying(ImageUnusable.class,
            unusable -> assertThat(unusable.problem()).startsWith("is larger than"));
    long begin = System.nanoTime();
    assertThatThrownBy(() -> capped.download(url("/endless.png"))).isInstanceOf(ImageUnusable.class);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).as("a gigabyte is not read to the end")
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldGiveUpOnAServerThatAcceptsAndNeverAnswers() {
    long begin = System.nanoTime();
    assertThatThrownBy(() -> fetcher.download(url("/silent.png"))).isExactlyInstanceOf(DetectionFailed.class);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void shouldTellTheClientNothingOfWhatTheImagesServerAnswered() {
    assertThatThrownBy(() -> fetcher.fetch(url("/gone.png")))
        .isInstanceOfSatisfying(ImageUnusable.class, unusable -> assertThat(unusable.problem())
            .doesNotContain("404").doesNotContain("secret").doesNotContain(String.valueOf(port())));
  }

  @Test
  void shouldRejectForGoodAnImageTheOutboundPolicyRefuses() {
    try (OutboundHttp strict = TestOutbound.http(TestOutbound.allowing(List.of()))) {
      ImageFetcher strictFetcher = new ImageFetcher(strict, TestOutbound.allowing(List.of()));
      assertThatThrownBy(() -> strictFetcher.fetch(url("/shelf.png")))
          .isInstanceOfSatisfying(ImageUnusable.class,
              unusable -> assertThat(unusable.problem()).isEqualTo(OutboundRefused.PROBLEM));
    }
  }

  private void serve(String path, int status, byte[] body) {
    serve(path, status, null, body);
  }

  private void serve(String path, int status, String contentType, byte[] body) {
    server.createContext(path, exchange -> {
      if (contentType != null) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private static byte[] png() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB), "png", bytes);
    return bytes.toByteArray();
  }
}
