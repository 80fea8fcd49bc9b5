package dev.loupe.operatorwork;

import dev.loupe.detection.DetectionFailed;
import dev.loupe.detection.ImageFetcher;
import dev.loupe.detection.ImageUnusable;
import dev.loupe.inference.InferenceException;
import dev.loupe.models.BoxClassifier;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.task.Box;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskState;
import io.grpc.Status;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * On-draw suggestions: when an operator draws a box in their session, the class group's box classifier suggests its
 * class at once, for the UI to preselect (issue 17). 204 when the class group has no classifier. A suggestion only
 * helps: when none can be made, the answer says why and the operator picks the class themselves. 422 when the
 * task's image cannot be read (no retry will change it), 503 with {@code Retry-After} when the image's server or the
 * model server fails for now, 500 when the classifier fails otherwise.
 */
@RestController
@RequestMapping("/api/v1/sessions")
class SuggestionsController {

  private static final long RETRY_AFTER_SECONDS = 5;
  /** What the model server answers while it restarts, is busy or has not loaded the version yet. */
  private static final Set<Status.Code> FOR_NOW = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.NOT_FOUND);

  /** A box drawn on one of the session's task's images, in image pixels. */
  record SuggestionRequest(@NotNull @PositiveOrZero Integer imageIndex, @NotNull @Valid DrawnBox box) {}

  record DrawnBox(@NotNull Double x, @NotNull Double y, @NotNull @Positive Double w, @NotNull @Positive Double h) {}

  /** The suggested class, its probability, and the classifier version that suggested it. */
  record SuggestionResponse(String classId, double confidence, String model, String version) {}

  private final Inbox inbox;
  private final Operators operators;
  private final BoxClassifier classifier;
  private final ImageFetcher images;

  SuggestionsController(Inbox inbox, Operators operators, BoxClassifier classifier, ImageFetcher images) {
    this.inbox = inbox;
    this.operators = operators;
    this.classifier = classifier;
    this.images = images;
  }

  @PostMapping("/{sessionId}/suggestions")
  ResponseEntity<SuggestionResponse> suggest(@PathVariable String sessionId,
      @Valid @RequestBody SuggestionRequest request) {
    TaskState task = inbox.openSessionTask(sessionId, operators.current(), "ask for suggestions in");
    if (request.imageIndex() >= task.images().size()) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "imageIndex",
          "the task has " + task.images().size() + " images, from 0");
    }
    Optional<ClassifierRegistration> registered = classifier.classifierFor(task.classGroup().key());
    if (registered.isEmpty()) {
      return ResponseEntity.noContent().build();
    }
    DrawnBox drawn = request.box();
    Box box = new Box(drawn.x(), drawn.y(), drawn.w(), drawn.h());
    BufferedImage image = images.fetch(task.images().get(request.imageIndex()));
    if (!BoxClassifier.overlaps(image, box)) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "box", "lies outside the " + image.getWidth() + "×"
          + image.getHeight() + " image");
    }
    BoxClassifier.Suggestion suggestion = classifier.suggest(registered.get(), image, List.of(box)).getFirst();
    return ResponseEntity.ok(new SuggestionResponse(suggestion.classId(), suggestion.confidence(),
        suggestion.model().name(), suggestion.model().version()));
  }

  @ExceptionHandler(ImageUnusable.class)
  ProblemDetail imageUnusable(ImageUnusable unusable) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
        "no suggestion: the task's image " + unusable.problem() + "; pick the class yourself");
    problem.setTitle("Image unusable");
    return problem;
  }

  @ExceptionHandler(InferenceException.class)
  ResponseEntity<ProblemDetail> classifierFailed(InferenceException failure) {
    if (FOR_NOW.contains(failure.code())) {
      return unavailable("the model server cannot run the classifier now");
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        "no suggestion: the classifier failed (" + failure.code() + "); pick the class yourself");
    problem.setTitle("Suggestion failed");
    return ResponseEntity.internalServerError().body(problem);
  }

  @ExceptionHandler(DetectionFailed.class)
  ResponseEntity<ProblemDetail> imageNotFetched(DetectionFailed failure) {
    return unavailable("the task's image could not be fetched now");
  }

  private static ResponseEntity<ProblemDetail> unavailable(String why) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "no suggestion: " + why + "; pick the class yourself, or draw again later");
    problem.setTitle("Suggestion unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
        .body(problem);
  }
}
