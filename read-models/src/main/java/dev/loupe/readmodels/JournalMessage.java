package dev.loupe.readmodels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A journal event as the relay publishes it to Kafka: the read side's view of the published contract, decoupled
 * from the write side's classes.
 */
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
   * @throws IllegalArgumentException when the message is not a journal event (a projection sends it to the DLT)
   */
  public static JournalMessage parse(ObjectMapper json, String message) {
    try {
      return json.readValue(message, JournalMessage.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a journal event message: " + e.getOriginalMessage(), e);
    }
  }
}
