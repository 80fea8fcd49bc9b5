package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a retry can fix is a DetectionFailed; what it cannot is an ImageUnusable. */
class ImageFetcherTest {

  private HttpServer server;
  private final ImageFetcher fetcher = new ImageFetcher();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve("/shelf.png", 200, png());
    serve("/gone.png", 404, new byte[0]);
    serve("/forbidden.png", 403, new byte[0]);
    serve("/busy.png", 503, new byte[0]);
    serve("/slow-down.png", 429, new byte[0]);
    serve("/page.html", 200, "<html>not an image</html>".getBytes(StandardCharsets.UTF_8));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void shouldDecodeAnImage() {
    assertThat(fetcher.fetch(url("/shelf.png")).getWidth()).isEqualTo(8);
  }

  @Test
  void shouldCallAnImageRefusedForGoodOrNotAnImageUnusable() {
    assertThatThrownBy(() -> fetcher.fetch(url("/gone.png")))
        .isInstanceOfSatisfying(ImageUnusable.class, unusable -> {
          assertThat(unusable.problem()).isEqualTo("answered HTTP 404");
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

  private void serve(String path, int status, byte[] body) {
    server.createContext(path, exchange -> {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static byte[] png() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB), "png", bytes);
    return bytes.toByteArray();
  }
}
