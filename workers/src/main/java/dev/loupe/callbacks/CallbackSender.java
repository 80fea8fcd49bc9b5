package dev.loupe.callbacks;

import java.net.URI;
import java.time.Duration;

/**
 * Tells a client how its task ended. One call is one try: the recipe decides how many tries a delivery gets,
 * and a sender only says how long to wait before the next one.
 */
public interface CallbackSender {

  /**
   * Tries once to deliver {@code message} to {@code url}, signed for {@code clientId} (null: made without an API key);
   * {@code attempt} is the number of this try (1 for the first), which sets the wait before the next one.
   */
  Delivery send(URI url, String clientId, CallbackMessage message, int attempt);

  /** What one try came to. */
  sealed interface Delivery {

    /** The client answered 2xx. */
    record Delivered(int httpStatus) implements Delivery {}

    /**
     * The client could not be reached or did not answer 2xx; try again after {@code retryAfter}. The error says
     * what happened (a status, an exception's name), never the body the client's server answered.
     */
    record Failed(String error, Duration retryAfter) implements Delivery {}

    /** Loupe's outbound policy refuses the URL: no try will deliver it. The error says only that. */
    record Refused(String error) implements Delivery {}
  }
}
