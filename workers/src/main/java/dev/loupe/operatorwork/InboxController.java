package dev.loupe.operatorwork;

import dev.loupe.readmodels.tasks.InboxFilter;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.task.TaskRejected;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' inbox: tasks waiting for a person within the signed-in operator's teams' work (an admin's: all),
 * and claiming one as the signed-in operator.
 */
@RestController
@RequestMapping("/api/v1/inbox")
class InboxController {

  private static final int INBOX_PAGE = 100;
  /** The most {@code olderThan} may say: no task waits longer, and more runs past the instants Java can tell. */
  private static final Duration OLDEST = Duration.ofDays(3650);

  private final Inbox inbox;
  private final TaskViews views;
  private final Operators operators;

  InboxController(Inbox inbox, TaskViews views, Operators operators) {
    this.inbox = inbox;
    this.views = views;
    this.operators = operators;
  }

  /**
   * The signed-in operator's waiting tasks, escalated first, then oldest first: a page of up to 200 (the first
   * {@value #INBOX_PAGE} by default), narrowed by task type, class group, least priority and least age.
   */
  @GetMapping
  List<TaskView> waiting(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String classGroupKey,
      @RequestParam(required = false) Integer minPriority,
      @RequestParam(required = false) Duration olderThan,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "" + INBOX_PAGE) @Min(1) @Max(200) int size) {
    if (((long) page + 1) * size > TaskViews.RESULT_WINDOW) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "page",
          "reaches past the %d first waiting tasks the inbox can page through: narrow the filter"
              .formatted(TaskViews.RESULT_WINDOW));
    }
    if (olderThan != null && (olderThan.isNegative() || olderThan.compareTo(OLDEST) > 0)) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "olderThan", "must be between PT0S and " + OLDEST);
    }
    InboxFilter filter = new InboxFilter(type, classGroupKey, minPriority,
        olderThan == null ? null : Instant.now().minus(olderThan));
    return views.waitingForOperator(operators.current().inbox(), filter, Set.of(), page, size);
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
