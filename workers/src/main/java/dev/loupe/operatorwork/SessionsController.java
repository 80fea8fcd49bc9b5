package dev.loupe.operatorwork;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.models.BoxClassifier;
import dev.loupe.task.Box;
import dev.loupe.task.DrawSuggestion;
import dev.loupe.task.ImageSize;
import dev.loupe.task.ModelRef;
import dev.loupe.task.SessionCommand;
import dev.loupe.task.SessionSummarizer;
import dev.loupe.task.TaskCommand.ObjectDraft;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.UnusableReason;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' work sessions: finishing one records the work, summarized, and hands the task back to its recipe (and may
 * claim the operator's next task); giving one back returns the task to the inbox; declaring an image unusable rejects
 * the task.
 */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionsController {

  private static final Logger log = LoggerFactory.getLogger(SessionsController.class);

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

  /**
   * {@code text}: what the operator typed on a tag (price-tag-reading), absent when they typed nothing;
   * {@code suggested}: for a new object, the on-draw suggestion the tool got for it, absent when none.
   */
  record ObjectRequest(String objectId, @NotNull @PositiveOrZero Integer imageIndex, @NotNull @Valid BoxRequest box,
      @NotBlank String classId, @Size(max = SessionSummarizer.MAX_TEXT) String text,
      @Valid SuggestedRequest suggested) {}

  /**
   * The class the box classifier suggested when the box was drawn ({@code POST /sessions/{id}/suggestions}'s answer):
   * whether the operator kept it scores that classifier version (SuggestionsEvaluated).
   */
  record SuggestedRequest(@NotBlank String classId, @NotNull @DecimalMin("0") @DecimalMax("1") Double confidence,
      @NotBlank String model, @NotBlank String version) {

    DrawSuggestion toSuggestion() {
      return new DrawSuggestion(classId, confidence, new ModelRef(model, version));
    }
  }

  /**
   * One step: {@code op} is add (objectId, imageIndex, box, classId, and the on-draw suggestion when there was one),
   * move (box), relabel (classId), remove, or read (text: what the operator read on a tag, price-tag-reading only).
   */
  record CommandRequest(@NotNull Op op, @NotBlank String objectId, Integer imageIndex, @Valid BoxRequest box,
      String classId, String text, @Valid SuggestedRequest suggested) {}

  enum Op { add, move, relabel, remove, read }

  record BoxRequest(@NotNull Double x, @NotNull Double y, @NotNull Double w, @NotNull Double h) {

    Box toBox() {
      return new Box(x, y, w, h);
    }
  }

  /**
   * The operator's verdict that an image of the task cannot be used: which image, why ({@link UnusableReason}), and
   * a note in their own words (optional, required for OTHER).
   */
  record UnusableImageRequest(@NotNull @PositiveOrZero Integer imageIndex, @NotNull UnusableReason reason,
      @Size(max = UnusableReason.MAX_NOTE) String note) {}

  /**
   * The task of a closed session and where it stands; after {@code finish?next=true} also the operator's next
   * session ({@code next}), or why there is none ({@code noNext}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SessionFinished(String taskId, TaskStatus status, OperatorSession next, NoNext noNext) {

    SessionFinished(TaskState task) {
      this(task.taskId(), task.status(), null, null);
    }
  }

  /** Why finishing with {@code next=true} claimed no next task; the finish stands either way. */
  enum NoNext {
    /** Nothing waits in the operator's inbox. */
    INBOX_EMPTY,
    /** Claiming failed (the inbox's read model or the journal did not answer); the inbox's Next task may try again. */
    CLAIM_FAILED
  }

  private final Inbox inbox;
  private final Operators operators;
  private final BoxClassifier classifier;

  SessionsController(Inbox inbox, Operators operators, BoxClassifier classifier) {
    this.inbox = inbox;
    this.operators = operators;
    this.classifier = classifier;
  }

  /**
   * Records the session's work and lets the recipe go on; with {@code next=true} then claims the operator's next task
   * as {@code POST /api/v1/inbox/next} does, in the same request. The finish is recorded first and stands whatever the
   * claim comes to: an empty inbox or a failed claim is said in {@code noNext}.
   */
  @PostMapping("/{sessionId}/finish")
  @ResponseStatus(HttpStatus.ACCEPTED)
  SessionFinished finish(@PathVariable String sessionId, @RequestParam(defaultValue = "false") boolean next,
      @Valid @RequestBody FinishSessionRequest request) {
    if ((request.objects() == null) == (request.commands() == null)) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "objects", "give either objects or commands, not both");
    }
    Operator operator = operators.current();
    List<ImageSize> sizes = request.imageSizes() == null
        ? List.of()
        : request.imageSizes().stream().map(ImageSizeRequest::toSize).toList();
    Predicate<DrawSuggestion> scorable = scorable(sessionId, operator, request);
    TaskState task = request.objects() != null
        ? inbox.finishWithObjects(sessionId, request.objects().stream()
            .map(object -> new ObjectDraft(object.objectId(), object.imageIndex(), object.box().toBox(),
                object.classId(), object.text(), suggestion(object.suggested(), scorable)))
            .toList(), sizes, operator)
        : inbox.finish(sessionId, commands(request.commands(), scorable), sizes, operator);
    return next ? withNext(task, operator) : new SessionFinished(task);
  }

  /**
   * Which on-draw suggestions of the request score a classifier: those of the model registered as the task's class
   * group's classifier now. Any other (a model the group never had, a tool that names the detector) is dropped, so a
   * client cannot write scores for a model that did not suggest anything; the finish goes on either way.
   */
  private Predicate<DrawSuggestion> scorable(String sessionId, Operator operator, FinishSessionRequest request) {
    boolean any = request.objects() != null
        ? request.objects().stream().anyMatch(object -> object.suggested() != null)
        : request.commands().stream().anyMatch(command -> command.suggested() != null);
    if (!any) {
      return suggestion -> false;
    }
    TaskState task = inbox.openSessionTask(sessionId, operator, "finish");
    Optional<String> model = classifier.classifierFor(task.classGroup().key())
        .map(registration -> registration.model().name());
    return suggestion -> model.isPresent() && model.get().equals(suggestion.model().name());
  }

  private SessionFinished withNext(TaskState finished, Operator operator) {
    try {
      return inbox.claimNext(operator)
          .map(session -> new SessionFinished(finished.taskId(), finished.status(), session, null))
          .orElseGet(() -> new SessionFinished(finished.taskId(), finished.status(), null, NoNext.INBOX_EMPTY));
    } catch (RuntimeException failed) {
      log.warn("{} finished task {} but claiming their next task failed", operator.name(), finished.taskId(), failed);
      return new SessionFinished(finished.taskId(), finished.status(), null, NoNext.CLAIM_FAILED);
    }
  }

  /**
   * The operator gives the task back to the inbox unfinished; the session closes without work and the task waits for
   * anyone of their teams again. Releasing a released session again changes nothing.
   */
  @PostMapping("/{sessionId}/release")
  SessionFinished release(@PathVariable String sessionId) {
    return new SessionFinished(inbox.release(sessionId, operators.current()));
  }

  /**
   * The operator judges an image of the task unusable: the session closes and the task is rejected with the reason,
   * which the client's callback tells. Declaring it again changes nothing.
   */
  @PostMapping("/{sessionId}/unusable")
  SessionFinished unusable(@PathVariable String sessionId, @Valid @RequestBody UnusableImageRequest request) {
    return new SessionFinished(inbox.declareUnusable(sessionId, request.imageIndex(), request.reason(),
        request.note(), operators.current()));
  }

  private static List<SessionCommand> commands(List<CommandRequest> requests, Predicate<DrawSuggestion> scorable) {
    List<SessionCommand> commands = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CommandRequest command = requests.get(i);
      String field = "commands[" + i + "]";
      commands.add(switch (command.op()) {
        case add -> new SessionCommand.AddObject(command.objectId(),
            required(command.imageIndex(), field + ".imageIndex"), required(command.box(), field + ".box").toBox(),
            required(command.classId(), field + ".classId"), suggestion(command.suggested(), scorable));
        case move -> new SessionCommand.MoveObject(command.objectId(), required(command.box(), field + ".box").toBox());
        case relabel -> new SessionCommand.RelabelObject(command.objectId(),
            required(command.classId(), field + ".classId"));
        case remove -> new SessionCommand.RemoveObject(command.objectId());
        case read -> new SessionCommand.ReadObject(command.objectId(), required(command.text(), field + ".text"));
      });
    }
    return commands;
  }

  private static DrawSuggestion suggestion(SuggestedRequest suggested, Predicate<DrawSuggestion> scorable) {
    DrawSuggestion suggestion = suggested == null ? null : suggested.toSuggestion();
    return suggestion != null && scorable.test(suggestion) ? suggestion : null;
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, field, "must not be null");
    }
    return value;
  }
}
