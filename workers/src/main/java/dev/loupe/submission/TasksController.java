package dev.loupe.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.readmodels.tasks.TaskSearch;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Clients' task API: create (idempotent), list, read the task's view and its journal, cancel, reprocess, resend
 * to an operator. A caller with a client's API key works on that client's tasks only: another client's task is
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

  private final TaskSubmissions submissions;
  private final TaskRepository tasks;
  private final TaskViews views;
  private final ObjectMapper json;
  private final Callers callers;

  TasksController(TaskSubmissions submissions, TaskRepository tasks, TaskViews views, ObjectMapper json,
      Callers callers) {
    this.submissions = submissions;
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
    TaskSubmissions.Submitted submitted = submissions.submit(idempotencyKey, create);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/tasks/" + submitted.task().taskId()))
        .body(new TaskAccepted(submitted.task().taskId(), submitted.task().status()));
  }

  /**
   * Tasks, newest first, filtered by client, status, type, class group, operator ({@code mine}: the signed-in one),
   * creation time ({@code createdFrom} inclusive, {@code createdTo} exclusive) and {@code attention} (escalated, or
   * delivery failed), with counts per status; {@code page} from 0, {@code size} up to 200, as far as the
   * {@value TaskViews#RESULT_WINDOW} newest matches (Elasticsearch's result window). A client's API key lists that
   * client's tasks only.
   */
  @GetMapping
  TaskViews.TaskPage list(
      @RequestParam(required = false) String clientId,
      @RequestParam(required = false) TaskStatus status,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String classGroupKey,
      @RequestParam(required = false) String operatorId,
      @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(required = false) Instant createdFrom,
      @RequestParam(required = false) Instant createdTo,
      @RequestParam(defaultValue = "false") boolean attention,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    if (((long) page + 1) * size > TaskViews.RESULT_WINDOW) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "page",
          "reaches past the %d newest matches the list can page through: narrow the filter"
              .formatted(TaskViews.RESULT_WINDOW));
    }
    Callers.Caller caller = callers.current();
    if (mine && caller.client().isPresent()) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "mine", "is for people: a client has no claims");
    }
    return views.search(new TaskSearch(caller.client().isPresent() ? caller.clientId() : clientId, status, type,
        classGroupKey, mine ? caller.name() : operatorId, createdFrom, createdTo, attention), page, size);
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
    String reason = request == null || request.reason() == null ? "cancelled by the client" : request.reason();
    return ResponseEntity.accepted().body(new TaskAccepted(id, submissions.cancel(id, reason).status()));
  }

  /** Why a client asks for a task to be done again, optional. */
  record ReprocessRequest(@Size(max = 500) String reason) {}

  /** Starts a done task's recipe over, so the models registered now decide its path (new objects, new result). */
  @PostMapping("/{id}/reprocess")
  ResponseEntity<TaskAccepted> reprocess(
      @PathVariable String id, @Valid @RequestBody(required = false) ReprocessRequest request) {
    requireVisible(callers.current(), id);
    String reason = request == null || request.reason() == null ? "reprocess with the latest models" : request.reason();
    return ResponseEntity.accepted().body(new TaskAccepted(id, submissions.reprocess(id, reason).status()));
  }

  /** Why a client wants an operator to look at a done task again, optional. */
  record ResendRequest(@Size(max = 500) String reason) {}

  /** Sends a done task back to the operators' inbox to be checked and corrected, then reported again. */
  @PostMapping("/{id}/resend-to-operator")
  ResponseEntity<TaskAccepted> resendToOperator(
      @PathVariable String id, @Valid @RequestBody(required = false) ResendRequest request) {
    requireVisible(callers.current(), id);
    String reason = request == null || request.reason() == null ? "checked again by an operator" : request.reason();
    return ResponseEntity.accepted()
        .body(new TaskAccepted(id, submissions.resendToOperator(id, reason).status()));
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
