package dev.loupe.training;

import dev.loupe.security.Callers;
import dev.loupe.training.TrainingEvents.Trigger;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one-click Train of a class group's box classifier, and its runs: a run is started at once and goes on in the
 * background (202); while one of the class group is in progress another is refused (409).
 */
@RestController
@RequestMapping("/api/v1/models")
class TrainingController {

  /** {@code override}: deploy the new version even when it does not beat the version serving now. */
  record TrainRequest(Boolean override) {}

  record RunStarted(UUID runId, String classGroup, String status) {}

  private final ClassifierTraining training;
  private final TrainingRuns runs;
  private final Callers callers;

  TrainingController(ClassifierTraining training, TrainingRuns runs, Callers callers) {
    this.training = training;
    this.runs = runs;
    this.callers = callers;
  }

  @PostMapping("/{classGroup}/train")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RunStarted train(@PathVariable String classGroup, @RequestBody(required = false) TrainRequest request) {
    boolean override = request != null && Boolean.TRUE.equals(request.override());
    UUID runId = training.start(classGroup, Trigger.MANUAL, override, null, callers.current().name());
    return new RunStarted(runId, classGroup, TrainingRun.RUNNING);
  }

  @GetMapping("/{classGroup}/training-runs")
  List<TrainingRun> runs(@PathVariable String classGroup) {
    return runs.of(classGroup);
  }
}
