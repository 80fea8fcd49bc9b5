package dev.loupe.journal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic event ids: the same cause always yields the same ids, so a retried write is a no-op. */
public final class EventIds {

  private EventIds() {}

  /** The id of the {@code index}-th event caused by {@code cause} (a job key, an idempotency key...). */
  public static UUID derive(String cause, int index) {
    return UUID.nameUUIDFromBytes((cause + "#" + index).getBytes(StandardCharsets.UTF_8));
  }
}
