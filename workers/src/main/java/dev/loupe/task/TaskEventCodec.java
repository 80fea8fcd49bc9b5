package dev.loupe.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.RecordedEvent;
import org.springframework.stereotype.Component;

/** Task events to and from the journal's JSON payloads. */
@Component
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

  public TaskEvent decode(RecordedEvent recorded) {
    TaskEventTypes.StoredType type = TaskEventTypes.named(recorded.type());
    if (recorded.schemaVersion() != type.schemaVersion()) {
      throw new IllegalStateException("event %s is %s v%d; this Loupe reads v%d and has no upcaster for it"
          .formatted(recorded.eventId(), recorded.type(), recorded.schemaVersion(), type.schemaVersion()));
    }
    try {
      return json.readValue(recorded.payloadJson(), type.javaType());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event %s is not a readable %s".formatted(recorded.eventId(), recorded.type()), e);
    }
  }
}
