package dev.loupe.journal;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to append. Its id is chosen by the writer, deterministically where a retry must not write twice
 * (see {@link EventIds}).
 *
 * @param type stable type name, never a Java class name ({@code ObjectsDetected})
 * @param schemaVersion the version of the payload's schema for this type, from 1
 * @param payloadJson the payload as a JSON object
 */
public record NewEvent(
    UUID eventId,
    String type,
    int schemaVersion,
    Instant eventTime,
    String payloadJson,
    EventMetadata metadata) {

  public NewEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(payloadJson, "payloadJson");
    Objects.requireNonNull(metadata, "metadata");
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schema versions start at 1: " + schemaVersion);
    }
  }
}
