package dev.loupe.journal;

import java.util.UUID;

/** An append reused an event id that is already stored with different content: never a retry, always a bug. */
public class DuplicateEventId extends RuntimeException {

  private final UUID eventId;

  public DuplicateEventId(UUID eventId, String streamId) {
    super("event %s is already stored with different content (appending to stream %s)".formatted(eventId, streamId));
    this.eventId = eventId;
  }

  public UUID eventId() {
    return eventId;
  }
}
