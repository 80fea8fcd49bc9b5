package dev.loupe.detection;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/** Downloads a task's image and decodes it (PNG, JPEG, BMP, GIF). */
@Component
public class ImageFetcher {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  /**
   * @throws DetectionFailed when the image cannot be fetched or decoded
   */
  public BufferedImage fetch(URI image) {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(image).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new DetectionFailed("image %s answered HTTP %d".formatted(image, response.statusCode()));
      }
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(response.body()));
      if (decoded == null) {
        throw new DetectionFailed("image %s is not in a format Loupe reads".formatted(image));
      }
      return decoded;
    } catch (IOException e) {
      throw new DetectionFailed("image %s could not be fetched: %s".formatted(image, e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DetectionFailed("interrupted while fetching " + image, e);
    }
  }
}
