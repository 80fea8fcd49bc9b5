package dev.loupe.detection;

import java.net.URI;

/**
 * A task's image that no retry will make readable: its server refused it for good (a 4xx other than 408 and 429)
 * or what it sent is not an image Loupe reads. The task cannot be done as asked; the client must send another.
 */
public class ImageUnusable extends RuntimeException {

  private final URI image;
  private final String problem;

  public ImageUnusable(URI image, String problem) {
    super("image %s %s".formatted(image, problem));
    this.image = image;
    this.problem = problem;
  }

  public URI image() {
    return image;
  }

  /** What is wrong with it, e.g. {@code answered HTTP 404}. */
  public String problem() {
    return problem;
  }
}
