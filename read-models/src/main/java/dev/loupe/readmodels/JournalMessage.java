package dev.loupe.readmodels;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.Upcasters;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A journal event as the relay publishes it to Kafka: the read side's view of the published contract, decoupled
 * from the write side's classes. Gap repair reads the same events from the journal ({@link #of}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JournalMessage(
    String eventId,
    String streamId,
    long version,
    String type,
    int schemaVersion,
    String eventTime,
    String recordedTime,
    JsonNode payload) {

  /**
   * @throws IllegalArgumentException when the message is not a journal event (it goes to the dead letters)
   */
  public static JournalMessage parse(ObjectMapper json, String message) {
    JournalMessage parsed;
    try {
      JsonNode tree = json.readTree(message);
      if (tree == null || !tree.path("version").isIntegralNumber() || !tree.path("schemaVersion").isIntegralNumber()) {
        throw new IllegalArgumentException("not a journal event message: its version or schemaVersion is no number");
      }
      parsed = json.treeToValue(tree, JournalMessage.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a journal event message: " + e.getOriginalMessage(), e);
    }
    if (parsed == null || parsed.streamId() == null || parsed.type() == null || parsed.eventId() == null
        || parsed.payload() == null || parsed.eventTime() == null || parsed.recordedTime() == null) {
      throw new IllegalArgumentException("not a journal event message: it lacks eventId, streamId, type, "
          + "eventTime, recordedTime or payload");
    }
    try {
      return new JournalMessage(parsed.eventId(), parsed.streamId(), parsed.version(), parsed.type(),
          parsed.schemaVersion(), Instant.parse(parsed.eventTime()).toString(),
          Instant.parse(parsed.recordedTime()).toString(), parsed.payload());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a journal event message: its eventTime or recordedTime is no instant",
          e);
    }
  }

  /** The event as the journal returns it ({@code readStream}, {@code readAll}: already upcast). */
  public static JournalMessage of(RecordedEvent event, ObjectMapper json) {
    try {
      return new JournalMessage(event.eventId().toString(), event.streamId(), event.version(), event.type(),
          event.schemaVersion(), event.eventTime().toString(), event.recordedTime().toString(),
          json.readTree(event.payloadJson()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("journal event " + event.eventId() + " holds no JSON payload", e);
    }
  }

  /**
   * The message as the newest schema version of its type, through the journal's own upcasters: projections see
   * one schema whether an event came from Kafka or from the journal.
   */
  public JournalMessage upcast(Upcasters upcasters, ObjectMapper json) {
    if (!upcasters.upcasts(type, schemaVersion)) {
      return this;
    }
    RecordedEvent upcast = upcasters.upcast(new RecordedEvent(UUID.fromString(eventId), streamId, version, 0, 0, type,
        schemaVersion, Instant.parse(eventTime), Instant.parse(recordedTime), payload.toString(),
        new EventMetadata(null, null, null)));
    return new JournalMessage(eventId, streamId, version, type, upcast.schemaVersion(), eventTime, recordedTime,
        of(upcast, json).payload());
  }
}
