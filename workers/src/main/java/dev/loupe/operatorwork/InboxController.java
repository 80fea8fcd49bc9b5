package dev.loupe.operatorwork;

import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViews;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' inbox: tasks waiting for a person within the signed-in operator's teams' work (an admin's: all),
 * and claiming one as the signed-in operator.
 */
@RestController
@RequestMapping("/api/v1/inbox")
class InboxController {

  private static final int INBOX_PAGE = 100;

  private final Inbox inbox;
  private final TaskViews views;
  private final Operators operators;

  InboxController(Inbox inbox, TaskViews views, Operators operators) {
    this.inbox = inbox;
    this.views = views;
    this.operators = operators;
  }

  @GetMapping
  List<TaskView> waiting() {
    return views.waitingForOperator(operators.current().inbox(), Set.of(), INBOX_PAGE);
  }

  /** How many tasks wait in the signed-in operator's inbox, per task type. */
  @GetMapping("/counts")
  Map<String, Long> counts() {
    return views.waitingPerType(operators.current().inbox());
  }

  @PostMapping("/{taskId}/claim")
  OperatorSession claim(@PathVariable String taskId) {
    return inbox.claim(taskId, operators.current());
  }

  /**
   * Claims the best waiting task the signed-in operator may work on, in one request: no list-then-claim race.
   * 204 when nothing waits for them.
   */
  @PostMapping("/next")
  ResponseEntity<OperatorSession> next() {
    return inbox.claimNext(operators.current())
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }
}
