package dev.loupe.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Task events to and from their stored JSON payloads, under their stored type names and schema versions
 * ({@link TaskEventTypes}). The write side and the read side decode with the same codec.
 */
public class TaskEventCodec {

  private final ObjectMapper json;

  public TaskEventCodec(ObjectMapper json) {
    this.json = json;
  }

  public String encode(TaskEvent event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + event, e);
    }
  }

  /**
   * @param eventId names the event in errors
   * @throws IllegalArgumentException for a type that is no task event
   * @throws IllegalStateException for a schema version this Loupe has no upcaster for, or an unreadable payload
   */
  public TaskEvent decode(String eventId, String type, int schemaVersion, String payloadJson) {
    try {
      return decode(eventId, type, schemaVersion, json.readTree(payloadJson));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event %s is not a readable %s".formatted(eventId, type), e);
    }
  }

  /** The same, from a payload already parsed. */
  public TaskEvent decode(String eventId, String type, int schemaVersion, JsonNode payload) {
    TaskEventTypes.StoredType stored = TaskEventTypes.named(type);
    if (schemaVersion != stored.schemaVersion()) {
      throw new IllegalStateException("event %s is %s v%d; this Loupe reads v%d and has no upcaster for it"
          .formatted(eventId, type, schemaVersion, stored.schemaVersion()));
    }
    try {
      return json.treeToValue(payload, stored.javaType());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event %s is not a readable %s".formatted(eventId, type), e);
    }
  }
}
