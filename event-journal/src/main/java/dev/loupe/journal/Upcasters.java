package dev.loupe.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The registered upcasters, chained: v1 → v2 → … up to the newest version each type has an upcaster for. */
public final class Upcasters {

  private final Map<String, EventUpcaster> byTypeAndVersion = new HashMap<>();
  private final ObjectMapper json;

  public Upcasters(List<EventUpcaster> upcasters, ObjectMapper json) {
    this.json = json;
    for (EventUpcaster upcaster : upcasters) {
      EventUpcaster clash = byTypeAndVersion.put(key(upcaster.type(), upcaster.fromVersion()), upcaster);
      if (clash != null) {
        throw new IllegalArgumentException("two upcasters read %s v%d".formatted(upcaster.type(), upcaster.fromVersion()));
      }
    }
  }

  /** Whether an event of this type stored at this schema version is read as a newer one. */
  public boolean upcasts(String type, int schemaVersion) {
    return byTypeAndVersion.containsKey(key(type, schemaVersion));
  }

  /** The event as the newest schema version its type can be read at. */
  public RecordedEvent upcast(RecordedEvent event) {
    EventUpcaster next = byTypeAndVersion.get(key(event.type(), event.schemaVersion()));
    if (next == null) {
      return event;
    }
    try {
      ObjectNode payload = (ObjectNode) json.readTree(event.payloadJson());
      int version = event.schemaVersion();
      while (next != null) {
        payload = next.upcast(payload);
        version++;
        next = byTypeAndVersion.get(key(event.type(), version));
      }
      return new RecordedEvent(event.eventId(), event.streamId(), event.version(), event.position(),
          event.transactionId(), event.type(), version, event.eventTime(), event.recordedTime(),
          json.writeValueAsString(payload), event.metadata());
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("event %s (%s v%d) cannot be upcast"
          .formatted(event.eventId(), event.type(), event.schemaVersion()), e);
    }
  }

  private static String key(String type, int version) {
    return type + "#" + version;
  }
}
