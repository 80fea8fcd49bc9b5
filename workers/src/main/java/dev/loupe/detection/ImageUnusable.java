package dev.loupe.detection;

import java.net.URI;

/**
 * A task's image that no retry will make readable: Loupe's outbound policy refuses its URL, its server refused it
 * for good (a 4xx other than 408 and 429), it is bigger than Loupe takes, or what it sent is not an image Loupe
 * reads. The task cannot be done as asked; the client must send another.
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

  /**
   * What is wrong with it, as the client is told (in the task's rejection and its callback), e.g.
   * {@code could not be fetched}: never what the image's server answered, which the log keeps.
   */
  public String problem() {
    return problem;
  }
}
