package dev.loupe.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.security.Callers;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Clients' task API: create (idempotent), list, read the task's view and its journal, cancel, reprocess, resend
 * to an operator, one task at a time or in bulk. A caller with a client's API key works on that client's tasks only: another client's task is
 * not found.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TasksController {

  /** The answer to a create: the task's id and status. */
  record TaskAccepted(String id, TaskStatus status) {}

  /** One event of a task's journal stream. */
  record TaskEventResponse(String eventId, String type, int schemaVersion, long version, String eventTime,
      String recordedTime, String actor, JsonNode payload) {}

  private static final String CANCELLED_BY_CLIENT = "cancelled by the client";
  private static final String REPROCESSED = "reprocess with the latest models";
  private static final String RESENT = "checked again by an operator";

  private final TaskSubmissions submissions;
  private final BulkTaskCommands bulk;
  private final TaskRepository tasks;
  private final TaskViews views;
  private final ObjectMapper json;
  private final Callers callers;
  private final CreateAdmission admission;

  TasksController(TaskSubmissions submissions, BulkTaskCommands bulk, TaskRepository tasks, TaskViews views,
      ObjectMapper json, Callers callers, CreateAdmission admission) {
    this.submissions = submissions;
    this.admission = admission;
    this.bulk = bulk;
    this.tasks = tasks;
    this.views = views;
    this.json = json;
    this.callers = callers;
  }

  @PostMapping
  ResponseEntity<TaskAccepted> create(
      @RequestHeader("Idempotency-Key") @NotBlank @Size(max = 200) String idempotencyKey,
      @Valid @RequestBody CreateTaskRequest request) {
    Callers.Caller caller = callers.creating();
    ClassGroup classGroup = new ClassGroup(request.classGroup().key(), request.classGroup().classes().stream()
        .map(objectClass -> new ClassGroup.ObjectClass(objectClass.id(), objectClass.name()))
        .toList());
    CreateTask create = new CreateTask(null, request.type(), classGroup,
        request.images().stream().map(image -> uri(image, "images")).toList(),
        uri(request.callbackUrl(), "callbackUrl"), caller.clientId());
    TaskSubmissions.Submitted submitted = admission.admit(() -> submissions.submit(idempotencyKey, create),
        TaskSubmissions.Submitted::created);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/tasks/" + submitted.task().taskId()))
        .body(new TaskAccepted(submitted.task().taskId(), submitted.task().status()));
  }

  /**
   * Tasks filtered by client, status, type, class group, operator ({@code mine}: the signed-in one), model and its
   * version, creation and finish time ({@code ...From} inclusive, {@code ...To} exclusive) and {@code attention}
   * (escalated, delivery failed, or an open incident), with counts per status; in {@code sort}'s order (newest
   * first by default, the task id breaking ties). {@code page} from 0 and {@code size} up to 200 reach the
   * {@value TaskViews#RESULT_WINDOW} first matches; {@code after}, set to an answer's {@code next}, goes on from
   * there to any depth. A client's API key lists that client's tasks only.
   */
  @GetMapping
  TaskViews.TaskPage list(@Valid TaskQuery query) {
    TaskViews.PageRequest request = query.pageRequest();
    return views.search(query.search(callers.current()), request);
  }

  /**
   * The task's read-model view. Right after a create the read model may not have the task yet; the view is
   * then folded from the journal with the projection's fold ({@link TaskViews#findOrFold}).
   */
  @GetMapping("/{id}")
  TaskView get(@PathVariable String id) {
    Callers.Caller caller = callers.current();
    TaskView view = views.findOrFold(id).orElseThrow(() -> unknownTask(id));
    if (!caller.sees(view.clientId())) {
      throw unknownTask(id);
    }
    return view;
  }

  /** Why a client cancels, optional. */
  record CancelRequest(@Size(max = 500) String reason) {}

  /** Cancels the task: its recipe ends wherever it is, an operator's open session can no longer finish. */
  @PostMapping("/{id}/cancel")
  ResponseEntity<TaskAccepted> cancel(
      @PathVariable String id, @Valid @RequestBody(required = false) CancelRequest request) {
    requireVisible(callers.current(), id);
    String reason = request == null || request.reason() == null ? CANCELLED_BY_CLIENT : request.reason();
    return ResponseEntity.accepted().body(new TaskAccepted(id, submissions.cancel(id, reason).status()));
  }

  /** Why a client asks for a task to be done again, optional. */
  record ReprocessRequest(@Size(max = 500) String reason) {}

  /** Starts a done task's recipe over, so the models registered now decide its path (new objects, new result). */
  @PostMapping("/{id}/reprocess")
  ResponseEntity<TaskAccepted> reprocess(
      @PathVariable String id, @Valid @RequestBody(required = false) ReprocessRequest request) {
    requireVisible(callers.current(), id);
    String reason = request == null || request.reason() == null ? REPROCESSED : request.reason();
    return ResponseEntity.accepted().body(new TaskAccepted(id, submissions.reprocess(id, reason).status()));
  }

  /** Why a client wants an operator to look at a done task again, optional. */
  record ResendRequest(@Size(max = 500) String reason) {}

  /** Sends a done task back to the operators' inbox to be checked and corrected, then reported again. */
  @PostMapping("/{id}/resend-to-operator")
  ResponseEntity<TaskAccepted> resendToOperator(
      @PathVariable String id, @Valid @RequestBody(required = false) ResendRequest request) {
    requireVisible(callers.current(), id);
    String reason = request == null || request.reason() == null ? RESENT : request.reason();
    return ResponseEntity.accepted()
        .body(new TaskAccepted(id, submissions.resendToOperator(id, reason).status()));
  }

  /** Tasks for a bulk command (at most {@value BulkTaskCommands#MAX_TASKS}), and why, optional. */
  record BulkRequest(
      @NotNull @Size(min = 1, max = BulkTaskCommands.MAX_TASKS) List<@NotBlank @Size(max = 200) String> taskIds,
      @Size(max = 500) String reason) {

    String reasonOr(String otherwise) {
      return reason == null ? otherwise : reason;
    }
  }

  /** Cancels each task; one already cancelled is answered ALREADY, one done REFUSED. */
  @PostMapping("/bulk/cancel")
  BulkTaskCommands.Answer bulkCancel(@Valid @RequestBody BulkRequest request) {
    return bulk.run(BulkTaskCommands.Command.CANCEL, request.taskIds(), request.reasonOr(CANCELLED_BY_CLIENT),
        callers.current());
  }

  /** Reprocesses each finished task; one whose reprocessed run goes on is answered ALREADY. */
  @PostMapping("/bulk/reprocess")
  BulkTaskCommands.Answer bulkReprocess(@Valid @RequestBody BulkRequest request) {
    return bulk.run(BulkTaskCommands.Command.REPROCESS, request.taskIds(), request.reasonOr(REPROCESSED),
        callers.current());
  }

  /** Sends each done task back to the operators; one already sent back and not done since is answered ALREADY. */
  @PostMapping("/bulk/resend-to-operator")
  BulkTaskCommands.Answer bulkResendToOperator(@Valid @RequestBody BulkRequest request) {
    return bulk.run(BulkTaskCommands.Command.RESEND_TO_OPERATOR, request.taskIds(), request.reasonOr(RESENT),
        callers.current());
  }

  @GetMapping("/{id}/events")
  List<TaskEventResponse> events(
      @PathVariable String id) {
    requireVisible(callers.current(), id);
    List<RecordedEvent> history = tasks.history(id);
    if (history.isEmpty()) {
      throw unknownTask(id);
    }
    return history.stream()
        .map(event -> new TaskEventResponse(event.eventId().toString(), event.type(), event.schemaVersion(),
            event.version(), event.eventTime().toString(), event.recordedTime().toString(), event.metadata().actor(),
            readTree(event.payloadJson())))
        .toList();
  }

  /** A URL that passed the pattern check but is still not a URI Java parses ({@code http://h/a|b}) is invalid. */
  private static URI uri(String url, String field) {
    try {
      return new URI(url);
    } catch (URISyntaxException malformed) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, field, "is not a URL: " + malformed.getReason());
    }
  }

  /** A task of another client is not found, so a client cannot even learn it exists. */
  private void requireVisible(Callers.Caller caller, String id) {
    if (caller.client().isPresent()) {
      TaskState task = tasks.load(id);
      if (task.exists() && !caller.sees(task.clientId())) {
        throw unknownTask(id);
      }
    }
  }

  private JsonNode readTree(String payload) {
    try {
      return json.readTree(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TaskRejected unknownTask(String id) {
    return new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no task " + id);
  }
}
