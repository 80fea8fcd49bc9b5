package dev.loupe.detection;

import dev.loupe.outbound.OutboundHttp;
import dev.loupe.outbound.OutboundRefused;
import dev.loupe.outbound.OutboundSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Downloads a task's image and decodes it (PNG, JPEG, BMP, GIF). The two steps are apart so that a worker can wait
 * on the network without holding one of the {@link InferenceSlots}, and decode (CPU work) inside one.
 *
 * <p>The download goes through the outbound policy (redirects followed, each hop checked), stops reading as soon
 * as the image is bigger than {@code loupe.outbound.max-image-size}, and takes only an {@code image/*} answer — or
 * {@code application/octet-stream} or none, which object stores send for files uploaded without a type; decoding
 * is the real check of those. What went wrong upstream (its status, its address) goes to the log; the task's
 * rejection says only that the image could not be fetched, was refused, is too big, or is not an image.
 */
@Component
public class ImageFetcher {

  private static final Logger log = LoggerFactory.getLogger(ImageFetcher.class);
  static final String NOT_FETCHED = "could not be fetched";
  static final String NOT_AN_IMAGE = "is not a PNG, JPEG, BMP or GIF image";

  private final CloseableHttpClient http;
  private final int maxBytes;

  public ImageFetcher(OutboundHttp http, OutboundSettings settings) {
    this.http = http.followingRedirects();
    this.maxBytes = (int) Math.min(settings.maxImageSize().toBytes(), Integer.MAX_VALUE - 8);
  }

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
   * @throws ImageUnusable when the outbound policy refuses its URL, its server refuses it for good, it is too big,
   *     its server says it is not an image, or HTTP cannot get it as written (a userinfo in the URL, too many or
   *     circular redirects)
   * @throws DetectionFailed when fetching it failed in a way a retry may fix (5xx, 408, 429, network)
   */
  public Downloaded download(URI image) {
    HttpGet request = new HttpGet(image);
    try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
      try {
        return new Downloaded(image, body(response, image));
      } catch (RuntimeException | IOException notUsed) {
        request.cancel();
        throw notUsed;
      }
    } catch (OutboundRefused refused) {
      throw unusable(image, OutboundRefused.PROBLEM, refused.getMessage());
    } catch (ClientProtocolException unfollowable) {
      throw unusable(image, NOT_FETCHED, unfollowable.toString());
    } catch (IOException e) {
      throw new DetectionFailed("image %s could not be fetched: %s".formatted(image, e), e);
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
        throw new ImageUnusable(downloaded.image(), NOT_AN_IMAGE);
      }
      return decoded;
    } catch (IOException e) {
      throw new DetectionFailed("image %s could not be fetched: %s".formatted(downloaded.image(), e.getMessage()), e);
    }
  }

  /**
   * The answer's body if it is an image of the right size, reading at most one byte more than the cap. Whoever
   * gets an exception from here cuts the connection: closing the answer would read the rest of it first.
   */
  private byte[] body(ClassicHttpResponse response, URI image) throws IOException {
    int status = response.getCode();
    if (status / 100 == 4 && status != 408 && status != 429) {
      throw unusable(image, NOT_FETCHED, "answered HTTP " + status);
    }
    if (status / 100 != 2) {
      throw new DetectionFailed("image %s answered HTTP %d".formatted(image, status));
    }
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return new byte[0];
    }
    if (!imageType(entity.getContentType())) {
      throw unusable(image, NOT_AN_IMAGE, "sent Content-Type " + entity.getContentType());
    }
    if (entity.getContentLength() > maxBytes) {
      throw unusable(image, tooLarge(), "announced " + entity.getContentLength() + " bytes");
    }
    byte[] bytes = entity.getContent().readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw unusable(image, tooLarge(), "sent more than " + maxBytes + " bytes");
    }
    return bytes;
  }

  private static boolean imageType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.startsWith("image/") || mediaType.equals("application/octet-stream");
  }

  private String tooLarge() {
    return "is larger than the %d bytes Loupe accepts".formatted(maxBytes);
  }

  /** The client learns {@code problem}; the log learns what the image's server did. */
  private static ImageUnusable unusable(URI image, String problem, String detail) {
    log.warn("image {} {}: {}", image, problem, detail);
    return new ImageUnusable(image, problem);
  }
}
