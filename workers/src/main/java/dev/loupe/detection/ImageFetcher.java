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

/**
 * Downloads a task's image and decodes it (PNG, JPEG, BMP, GIF). The two steps are apart so that a worker can wait
 * on the network without holding one of the {@link InferenceSlots}, and decode (CPU work) inside one.
 */
@Component
public class ImageFetcher {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  /**
   * @throws ImageUnusable when the image's server refuses it for good or it is not an image Loupe reads
   * @throws DetectionFailed when fetching it failed in a way a retry may fix (5xx, 408, 429, network)
   */
  public BufferedImage fetch(URI image) {
    return decode(download(image));
  }

  /** An image's bytes as its server sent them. */
  public record Downloaded(URI image, byte[] bytes) {}

  /**
   * @throws ImageUnusable when the image's server refuses it for good
   * @throws DetectionFailed when fetching it failed in a way a retry may fix (5xx, 408, 429, network)
   */
  public Downloaded download(URI image) {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(image).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status / 100 == 4 && status != 408 && status != 429) {
        throw new ImageUnusable(image, "answered HTTP " + status);
      }
      if (status / 100 != 2) {
        throw new DetectionFailed("image %s answered HTTP %d".formatted(image, status));
      }
      return new Downloaded(image, response.body());
    } catch (IOException e) {
      throw new DetectionFailed("image %s could not be fetched: %s".formatted(image, e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DetectionFailed("interrupted while fetching " + image, e);
    }
  }

  /**
   * @throws ImageUnusable when the bytes are not an image Loupe reads
   * @throws DetectionFailed when they broke off inside one (a retry downloads them again)
   */
  public BufferedImage decode(Downloaded downloaded) {
    try {
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(downloaded.bytes()));
      if (decoded == null) {
        throw new ImageUnusable(downloaded.image(), "is not a PNG, JPEG, BMP or GIF image");
      }
      return decoded;
    } catch (IOException e) {
      throw new DetectionFailed("image %s could not be fetched: %s".formatted(downloaded.image(), e.getMessage()), e);
    }
  }
}
