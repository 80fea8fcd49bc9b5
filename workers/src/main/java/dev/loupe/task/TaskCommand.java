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

  /** An operator's session ends: everything they did, in order, summarized into events by the task. */
  record FinishOperatorSession(String sessionId, List<SessionCommand> commands) implements TaskCommand {}

  record GenerateResult() implements TaskCommand {}

  record ReportResult(int httpStatus) implements TaskCommand {}

  /** An object as an operator left it; {@code objectId} names an existing object, null for a new one. */
  record ObjectDraft(String objectId, int imageIndex, Box box, String classId) {}
}
