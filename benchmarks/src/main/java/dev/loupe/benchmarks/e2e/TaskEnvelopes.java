package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Well-formed task streams as the relay publishes them (the envelope of {@code JournalEnvelope}: eventId, streamId,
 * version, position, type, schemaVersion, eventTime, recordedTime, correlationId, causationId, actor, payload),
 * each the operator path's nine events in order: TaskCreated, DetectionRequested, ModelNotFound,
 * AssistanceRequested, OperatorAssigned, ObjectsAdded, OperatorFinished, TaskResultGenerated, TaskReported. The
 * projection-only steps write them straight to the events topic, keyed by stream id.
 */
final class TaskEnvelopes {

  static final List<String> TYPES = List.of("TaskCreated", "DetectionRequested", "ModelNotFound",
      "AssistanceRequested", "OperatorAssigned", "ObjectsAdded", "OperatorFinished", "TaskResultGenerated",
      "TaskReported");
  /** The version of a stream's last event. */
  static final int LAST_VERSION = TYPES.size() - 1;

  private TaskEnvelopes() {}

  static String newStreamId() {
    return "task-" + UUID.randomUUID();
  }

  /** The JSON of event {@code version} of {@code streamId}, recorded now; {@code position} is any increasing number. */
  static String envelope(String streamId, int version, long position) {
    String type = TYPES.get(version);
    String taskId = streamId.substring("task-".length());
    String now = Instant.now().toString();
    ObjectNode envelope = LoupeApi.JSON.createObjectNode()
        .put("eventId", UUID.nameUUIDFromBytes((streamId + "/" + version).getBytes()).toString())
        .put("streamId", streamId)
        .put("version", (long) version)
        .put("position", position)
        .put("type", type)
        .put("schemaVersion", 1)
        .put("eventTime", now)
        .put("recordedTime", now)
        .put("correlationId", taskId)
        .put("causationId", taskId)
        .put("actor", version == 5 || version == 6 ? "operator:bench" : "system:bench");
    envelope.set("payload", payload(type, taskId));
    return envelope.toString();
  }

  private static ObjectNode payload(String type, String taskId) {
    ObjectNode payload = LoupeApi.JSON.createObjectNode();
    switch (type) {
      case "TaskCreated" -> {
        payload.put("taskId", taskId).put("type", "product-detection");
        ObjectNode classGroup = payload.putObject("classGroup").put("key", "bench-projection");
        classGroup.putArray("classes").addObject().put("id", "item").put("name", "Item");
        payload.putArray("images").add("http://127.0.0.1/shelf.png");
        payload.put("callbackUrl", "http://127.0.0.1/callback");
      }
      case "DetectionRequested" -> payload.put("modelName", "").put("classGroupKey", "bench-projection");
      case "ModelNotFound" -> payload.put("classGroupKey", "bench-projection");
      case "AssistanceRequested" -> payload.put("reason", "MODEL_NOT_FOUND");
      case "OperatorAssigned" -> payload.put("operatorId", "bench").put("sessionId", UUID.randomUUID().toString());
      case "ObjectsAdded" -> objects(payload);
      case "OperatorFinished" -> payload.put("operatorId", "bench");
      case "TaskResultGenerated" -> objects(payload);
      case "TaskReported" -> payload.put("statusCode", 204);
      default -> throw new IllegalArgumentException(type);
    }
    return payload;
  }

  private static void objects(ObjectNode payload) {
    ArrayNode objects = payload.putArray("objects");
    ObjectNode object = objects.addObject().put("objectId", "o-0").put("imageIndex", 0).put("classId", "item");
    object.putObject("box").put("x", 10.0).put("y", 20.0).put("w", 100.0).put("h", 200.0);
  }
}
