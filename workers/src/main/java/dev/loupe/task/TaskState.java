package dev.loupe.task;

import java.net.URI;
import java.util.List;

/**
 * A task folded from its journal stream: what the write side needs to decide. {@code version} is the stream
 * version of the last event applied, -1 for no task.
 */
public record TaskState(
    String taskId,
    long version,
    TaskStatus status,
    String type,
    ClassGroup classGroup,
    List<URI> images,
    URI callbackUrl,
    String operatorId,
    String sessionId,
    List<AnnotatedObject> objects,
    List<AnnotatedObject> result) {

  public static TaskState initial(String taskId) {
    return new TaskState(taskId, -1, TaskStatus.NONE, null, null, List.of(), null, null, null, List.of(), List.of());
  }

  public boolean exists() {
    return status != TaskStatus.NONE;
  }

  TaskState withStatus(TaskStatus newStatus) {
    return new TaskState(taskId, version, newStatus, type, classGroup, images, callbackUrl, operatorId, sessionId,
        objects, result);
  }

  TaskState withVersion(long newVersion) {
    return new TaskState(taskId, newVersion, status, type, classGroup, images, callbackUrl, operatorId, sessionId,
        objects, result);
  }

  TaskState withCreation(String newType, ClassGroup newClassGroup, List<URI> newImages, URI newCallbackUrl) {
    return new TaskState(taskId, version, TaskStatus.CREATED, newType, newClassGroup, List.copyOf(newImages),
        newCallbackUrl, operatorId, sessionId, objects, result);
  }

  TaskState withOperator(String newOperatorId, String newSessionId, TaskStatus newStatus) {
    return new TaskState(taskId, version, newStatus, type, classGroup, images, callbackUrl, newOperatorId,
        newSessionId, objects, result);
  }

  TaskState withObjects(List<AnnotatedObject> newObjects) {
    return new TaskState(taskId, version, status, type, classGroup, images, callbackUrl, operatorId, sessionId,
        List.copyOf(newObjects), result);
  }

  TaskState withResult(List<AnnotatedObject> newResult) {
    return new TaskState(taskId, version, TaskStatus.RESULT_GENERATED, type, classGroup, images, callbackUrl,
        operatorId, sessionId, objects, List.copyOf(newResult));
  }
}
