package dev.loupe.readmodels.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The task manager's view of one task: one document per task in the {@code tasks} index, at the stream version
 * of the last event applied.
 *
 * @param classGroup {@code {"key", "classes": [{"id", "name"}]}}
 * @param priority raised each time the task's operator step outlives its SLA; the inbox shows higher first
 * @param objects the task's objects now — the model's, as operators' sessions changed them — for the operator
 *     who checks them, a tag with its current reading ({@code text}, {@code textConfidence}); null before any
 * @param result {@code {"objects": [...]}} once generated, else null
 * @param clientId the client that asked for the task; null when it was asked without an API key
 * @param rejection {@code {"imageIndex", "image", "problem"}} when an image of the task can never be used, else
 *     null
 * @param stale true when the task's journal events from some version on cannot be folded (its stream is in the
 *     read model's quarantine): the view is the last one that could be
 */
public record TaskView(
    String id,
    String type,
    String status,
    JsonNode classGroup,
    List<String> images,
    String createdAt,
    String updatedAt,
    long version,
    String operatorId,
    String assistanceReason,
    int priority,
    JsonNode objects,
    JsonNode result,
    String clientId,
    JsonNode rejection,
    boolean stale) {

  /** This view, marked stale. */
  TaskView asStale() {
    return new TaskView(id, type, status, classGroup, images, createdAt, updatedAt, version, operatorId,
        assistanceReason, priority, objects, result, clientId, rejection, true);
  }
}
