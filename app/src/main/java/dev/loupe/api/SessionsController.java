package dev.loupe.api;

import dev.loupe.inbox.Inbox;
import dev.loupe.task.Box;
import dev.loupe.task.TaskCommand.ObjectDraft;
import dev.loupe.task.TaskState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators' work sessions: finishing one hands the task back to its recipe. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionsController {

  record FinishSessionRequest(@NotNull List<@NotNull @Valid ObjectRequest> objects) {}

  record ObjectRequest(@NotNull @PositiveOrZero Integer imageIndex, @NotNull @Valid BoxRequest box,
      @NotBlank String classId) {}

  record BoxRequest(@NotNull Double x, @NotNull Double y, @NotNull Double w, @NotNull Double h) {}

  record SessionFinished(String taskId, String status) {}

  private final Inbox inbox;

  SessionsController(Inbox inbox) {
    this.inbox = inbox;
  }

  @PostMapping("/{sessionId}/finish")
  @ResponseStatus(HttpStatus.ACCEPTED)
  SessionFinished finish(@PathVariable String sessionId, @Valid @RequestBody FinishSessionRequest request) {
    List<ObjectDraft> objects = request.objects().stream()
        .map(object -> new ObjectDraft(object.imageIndex(),
            new Box(object.box().x(), object.box().y(), object.box().w(), object.box().h()), object.classId()))
        .toList();
    TaskState task = inbox.finish(sessionId, objects);
    return new SessionFinished(task.taskId(), task.status().name());
  }
}
