package dev.loupe.journal.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Struct;

/**
 * The message the relay publishes for one journal row: every column of the event, payload as JSON. Stream ids
 * are {@code <aggregateType>-<id>}.
 */
record JournalEnvelope(String eventId, String streamId, String type, int schemaVersion, String json) {

  static JournalEnvelope fromRow(Struct row, ObjectMapper json) {
    ObjectNode envelope = json.createObjectNode()
        .put("eventId", row.getString("event_id"))
        .put("streamId", row.getString("stream_id"))
        .put("version", row.getInt64("stream_version"))
        .put("position", row.getInt64("position"))
        .put("type", row.getString("event_type"))
        .put("schemaVersion", row.getInt32("schema_version"))
        .put("eventTime", row.getString("event_time"))
        .put("recordedTime", row.getString("recorded_time"))
        .put("correlationId", row.getString("correlation_id"))
        .put("causationId", row.getString("causation_id"))
        .put("actor", row.getString("actor"));
    try {
      envelope.set("payload", json.readTree(row.getString("payload")));
      return new JournalEnvelope(
          row.getString("event_id"),
          row.getString("stream_id"),
          row.getString("event_type"),
          row.getInt32("schema_version"),
          json.writeValueAsString(envelope));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("journal row " + row.getString("event_id") + " holds no JSON payload", e);
    }
  }

  String aggregateType() {
    int dash = streamId.indexOf('-');
    return dash > 0 ? streamId.substring(0, dash) : streamId;
  }
}
