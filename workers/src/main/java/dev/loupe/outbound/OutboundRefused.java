package dev.loupe.outbound;

import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Loupe's outbound policy refuses to connect to a URL's host: it is, or resolves to, an internal address that
 * {@code loupe.outbound.allow} does not name, one of Loupe's own servers, or a number that is not a plain IPv4
 * address. No retry changes that. The message names the address and the rule, for the log; the client is told
 * only {@link #PROBLEM}. It is an {@link UnknownHostException} because it is thrown where the HTTP client resolves
 * the host, and so ends the request before any connection is made.
 */
public class OutboundRefused extends UnknownHostException {

  /** What the client is told: nothing about the address or Loupe's network. */
  public static final String PROBLEM = "refused by Loupe's outbound policy";

  OutboundRefused(String detail) {
    super(detail);
  }

  /** The refusal somewhere in a failure's causes, if it is one. */
  public static Optional<OutboundRefused> in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutboundRefused refused) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }
}
