package dev.loupe.operatorwork;

import dev.loupe.task.Box;
import dev.loupe.task.ImageSize;
import dev.loupe.task.SessionCommand;
import dev.loupe.task.SessionSummarizer;
import dev.loupe.task.TaskCommand.ObjectDraft;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators' work sessions: finishing one records the work, summarized, and hands the task back to its recipe. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionsController {

  /**
   * A finished session: either {@code objects}, the task's objects as the operator left them (an
   * {@code objectId} keeps an existing object), or {@code commands}, the session's steps in order; and
   * {@code imageSizes}, the natural width and height of the images the operator's browser loaded (optional: the
   * first measurement of an image is recorded, for training data exports).
   */
  record FinishSessionRequest(
      List<@NotNull @Valid ObjectRequest> objects,
      List<@NotNull @Valid CommandRequest> commands,
      List<@NotNull @Valid ImageSizeRequest> imageSizes) {}

  record ImageSizeRequest(@NotNull @PositiveOrZero Integer imageIndex, @NotNull Integer width,
      @NotNull Integer height) {

    ImageSize toSize() {
      return new ImageSize(imageIndex, width, height);
    }
  }

  /** {@code text}: what the operator typed on a tag (price-tag-reading), absent when they typed nothing. */
  record ObjectRequest(String objectId, @NotNull @PositiveOrZero Integer imageIndex, @NotNull @Valid BoxRequest box,
      @NotBlank String classId, @Size(max = SessionSummarizer.MAX_TEXT) String text) {}

  /**
   * One step: {@code op} is add (objectId, imageIndex, box, classId), move (box), relabel (classId), remove, or
   * read (text: what the operator read on a tag, price-tag-reading only).
   */
  record CommandRequest(@NotNull Op op, @NotBlank String objectId, Integer imageIndex, @Valid BoxRequest box,
      String classId, String text) {}

  enum Op { add, move, relabel, remove, read }

  record BoxRequest(@NotNull Double x, @NotNull Double y, @NotNull Double w, @NotNull Double h) {

    Box toBox() {
      return new Box(x, y, w, h);
    }
  }

  record SessionFinished(String taskId, TaskStatus status) {}

  private final Inbox inbox;
  private final Operators operators;

  SessionsController(Inbox inbox, Operators operators) {
    this.inbox = inbox;
    this.operators = operators;
  }

  @PostMapping("/{sessionId}/finish")
  @ResponseStatus(HttpStatus.ACCEPTED)
  SessionFinished finish(@PathVariable String sessionId, @Valid @RequestBody FinishSessionRequest request) {
    if ((request.objects() == null) == (request.commands() == null)) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "objects", "give either objects or commands, not both");
    }
    Operator operator = operators.current();
    List<ImageSize> sizes = request.imageSizes() == null
        ? List.of()
        : request.imageSizes().stream().map(ImageSizeRequest::toSize).toList();
    TaskState task = request.objects() != null
        ? inbox.finishWithObjects(sessionId, request.objects().stream()
            .map(object -> new ObjectDraft(object.objectId(), object.imageIndex(), object.box().toBox(),
                object.classId(), object.text()))
            .toList(), sizes, operator)
        : inbox.finish(sessionId, commands(request.commands()), sizes, operator);
    return new SessionFinished(task.taskId(), task.status());
  }

  /**
   * The operator gives the task back to the inbox unfinished; the session closes without work and the task waits for
   * anyone of their teams again. Releasing a released session again changes nothing.
   */
  @PostMapping("/{sessionId}/release")
  SessionFinished release(@PathVariable String sessionId) {
    TaskState task = inbox.release(sessionId, operators.current());
    return new SessionFinished(task.taskId(), task.status());
  }

  private static List<SessionCommand> commands(List<CommandRequest> requests) {
    List<SessionCommand> commands = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CommandRequest command = requests.get(i);
      String field = "commands[" + i + "]";
      commands.add(switch (command.op()) {
        case add -> new SessionCommand.AddObject(command.objectId(),
            required(command.imageIndex(), field + ".imageIndex"), required(command.box(), field + ".box").toBox(),
            required(command.classId(), field + ".classId"));
        case move -> new SessionCommand.MoveObject(command.objectId(), required(command.box(), field + ".box").toBox());
        case relabel -> new SessionCommand.RelabelObject(command.objectId(),
            required(command.classId(), field + ".classId"));
        case remove -> new SessionCommand.RemoveObject(command.objectId());
        case read -> new SessionCommand.ReadObject(command.objectId(), required(command.text(), field + ".text"));
      });
    }
    return commands;
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, field, "must not be null");
    }
    return value;
  }
}
