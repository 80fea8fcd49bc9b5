package dev.loupe.operatorwork;

import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViews;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operators' inbox: tasks waiting for a person, and claiming one. */
@RestController
@RequestMapping("/api/v1/inbox")
class InboxController {

  record ClaimRequest(@NotBlank String operatorId) {}

  private static final int INBOX_PAGE = 100;

  private final Inbox inbox;
  private final TaskViews views;

  InboxController(Inbox inbox, TaskViews views) {
    this.inbox = inbox;
    this.views = views;
  }

  @GetMapping
  List<TaskView> waiting() {
    return views.waitingForOperator(INBOX_PAGE);
  }

  @PostMapping("/{taskId}/claim")
  OperatorSession claim(@PathVariable String taskId, @Valid @RequestBody ClaimRequest request) {
    return inbox.claim(taskId, request.operatorId());
  }
}
