package dev.loupe.security;

import java.io.IOException;

/** A request body found over its limit while it is read ({@link RequestLimits}): chunked, or its length lied. */
public final class BodyTooLarge extends IOException {

  BodyTooLarge(long limit) {
    super("the body is over the %d bytes taken here".formatted(limit));
  }
}
