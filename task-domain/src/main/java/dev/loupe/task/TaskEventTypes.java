package dev.loupe.task;

import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stored names and schema versions of task events. A stored name is never reused or renamed; a breaking
 * change of a payload is a new schema version read through an upcaster.
 */
public final class TaskEventTypes {

  /** A stored event type: its name and the schema version Loupe writes. */
  public record StoredType(String name, int schemaVersion, Class<? extends TaskEvent> javaType) {}

  private static final List<StoredType> TYPES = List.of(
      new StoredType("TaskCreated", 1, TaskCreated.class),
      new StoredType("DetectionRequested", 1, DetectionRequested.class),
      new StoredType("ModelNotFound", 1, ModelNotFound.class),
      new StoredType("ObjectsDetected", 1, TaskEvent.ObjectsDetected.class),
      new StoredType("QualityCheckDecided", 1, TaskEvent.QualityCheckDecided.class),
      new StoredType("AutomaticResultEvaluated", 1, TaskEvent.AutomaticResultEvaluated.class),
      new StoredType("AssistanceRequested", 1, AssistanceRequested.class),
      new StoredType("OperatorAssigned", 1, OperatorAssigned.class),
      new StoredType("TaskEscalated", 1, TaskEvent.TaskEscalated.class),
      new StoredType("OperatorReleased", 1, TaskEvent.OperatorReleased.class),
      new StoredType("ObjectsAdded", 1, ObjectsAdded.class),
      new StoredType("ObjectsRemoved", 1, TaskEvent.ObjectsRemoved.class),
      new StoredType("ObjectsMoved", 1, TaskEvent.ObjectsMoved.class),
      new StoredType("ObjectsLabeled", 1, TaskEvent.ObjectsLabeled.class),
      new StoredType("OperatorFinished", 1, OperatorFinished.class),
      new StoredType("TagsRead", 1, TaskEvent.TagsRead.class),
      new StoredType("TaskResultGenerated", 1, TaskResultGenerated.class),
      new StoredType("TaskReported", 1, TaskReported.class),
      new StoredType("CallbackDeliveryFailed", 1, TaskEvent.CallbackDeliveryFailed.class),
      new StoredType("TaskCancelled", 1, TaskEvent.TaskCancelled.class),
      new StoredType("TaskReprocessRequested", 1, TaskEvent.TaskReprocessRequested.class),
      new StoredType("TaskResentToOperator", 1, TaskEvent.TaskResentToOperator.class),
      new StoredType("ImageRejected", 1, TaskEvent.ImageRejected.class),
      new StoredType("TagsCorrected", 1, TaskEvent.TagsCorrected.class),
      new StoredType("ReadingsEvaluated", 1, TaskEvent.ReadingsEvaluated.class),
      new StoredType("ImagesMeasured", 1, TaskEvent.ImagesMeasured.class),
      new StoredType("RecipeRunStarted", 1, TaskEvent.RecipeRunStarted.class),
      new StoredType("IncidentRaised", 1, TaskEvent.IncidentRaised.class),
      new StoredType("ImageDeclaredUnusable", 1, TaskEvent.ImageDeclaredUnusable.class),
      new StoredType("SuggestionsEvaluated", 1, TaskEvent.SuggestionsEvaluated.class),
      new StoredType("ClassesSuggested", 1, TaskEvent.ClassesSuggested.class));

  private static final Map<Class<?>, StoredType> BY_CLASS =
      TYPES.stream().collect(Collectors.toMap(StoredType::javaType, Function.identity()));
  private static final Map<String, StoredType> BY_NAME =
      TYPES.stream().collect(Collectors.toMap(StoredType::name, Function.identity()));

  private TaskEventTypes() {}

  public static StoredType of(TaskEvent event) {
    return of(event.getClass());
  }

  public static StoredType of(Class<? extends TaskEvent> eventType) {
    return BY_CLASS.get(eventType);
  }

  public static StoredType named(String name) {
    StoredType type = BY_NAME.get(name);
    if (type == null) {
      throw new IllegalArgumentException("unknown task event type " + name);
    }
    return type;
  }
}
