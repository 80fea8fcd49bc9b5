package dev.loupe.journal;

import java.time.Instant;

/**
 * Where a stream stands: its last event, upcast like every read, and when the stream was created.
 *
 * @param created when the stream's first event was appended
 */
public record StreamHead(RecordedEvent lastEvent, Instant created) {

  public String streamId() {
    return lastEvent.streamId();
  }
}
