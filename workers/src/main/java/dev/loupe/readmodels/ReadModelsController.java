package dev.loupe.readmodels;

import dev.loupe.readmodels.projection.DeadLetter;
import dev.loupe.readmodels.projection.DeadLetters;
import dev.loupe.readmodels.projection.ReadModelStates.ReadModelState;
import dev.loupe.readmodels.projection.ReadModelStates;
import dev.loupe.readmodels.projection.ReadModels;
import dev.loupe.readmodels.projection.RebuildStatus;
import dev.loupe.readmodels.projection.Rebuilds;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops' handle on the read models: their index, lag, dead letters, quarantined streams and rebuilds
 * ({@code ./loupe rebuild <read-model>} calls the rebuild).
 */
@RestController
@RequestMapping("/api/v1/read-models")
class ReadModelsController {

  /** Why a dead letter is discarded rather than replayed. */
  record Discard(String reason) {}

  private final ReadModelStates states;
  private final ReadModels readModels;
  private final Rebuilds rebuilds;
  private final DeadLetters deadLetters;

  ReadModelsController(ReadModelStates states, ReadModels readModels, Rebuilds rebuilds, DeadLetters deadLetters) {
    this.states = states;
    this.readModels = readModels;
    this.rebuilds = rebuilds;
    this.deadLetters = deadLetters;
  }

  @GetMapping
  List<ReadModelState> all() {
    return states.all();
  }

  @GetMapping("/{name}")
  ReadModelState one(@PathVariable String name) {
    return states.of(name);
  }

  @PostMapping("/{name}/rebuild")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RebuildStatus rebuild(@PathVariable String name) {
    return rebuilds.start(readModels.get(name));
  }

  @GetMapping("/dead-letters")
  List<DeadLetter> deadLetters(@RequestParam(defaultValue = "false") boolean all) {
    return deadLetters.list(!all);
  }

  @PostMapping("/dead-letters/replay")
  List<DeadLetter> replayAll() {
    return deadLetters.replayAll();
  }

  @PostMapping("/dead-letters/{id}/replay")
  DeadLetter replay(@PathVariable String id) {
    return deadLetters.replay(id);
  }

  @PostMapping("/dead-letters/{id}/discard")
  DeadLetter discard(@PathVariable String id, @RequestBody(required = false) Discard discard) {
    return deadLetters.discard(id, discard == null ? null : discard.reason());
  }

  /** Elasticsearch, Kafka or PostgreSQL did not answer: the read side's state cannot be told now. */
  @ExceptionHandler({UncheckedIOException.class, IllegalStateException.class})
  ProblemDetail unavailable(RuntimeException unreachable) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        String.valueOf(unreachable.getMessage()));
    problem.setTitle("Read side unavailable");
    return problem;
  }

  @ExceptionHandler(NoSuchElementException.class)
  ProblemDetail notFound(NoSuchElementException missing) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, missing.getMessage());
    problem.setTitle("Not found");
    return problem;
  }
}
