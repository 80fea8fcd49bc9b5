package dev.loupe.task;

import dev.loupe.task.TaskEvent.AssistanceReason;
import java.net.URI;
import java.util.List;

/** What can be asked of a task. {@link Task#decide} turns a command into events or rejects it. */
public sealed interface TaskCommand {

  record CreateTask(String taskId, String type, ClassGroup classGroup, List<URI> images, URI callbackUrl)
      implements TaskCommand {}

  record ResolveModel() implements TaskCommand {}

  record RequestAssistance(AssistanceReason reason) implements TaskCommand {}

  record ClaimTask(String operatorId, String sessionId) implements TaskCommand {}

  /** An operator's session ends with the objects they drew; ids are given here. */
  record FinishOperatorSession(String sessionId, List<ObjectDraft> objects) implements TaskCommand {}

  record GenerateResult() implements TaskCommand {}

  record ReportResult(int httpStatus) implements TaskCommand {}

  /** An object as an operator drew it, before it has an id. */
  record ObjectDraft(int imageIndex, Box box, String classId) {}
}
