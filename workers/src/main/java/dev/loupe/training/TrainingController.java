package dev.loupe.training;

import dev.loupe.readmodels.tasks.TaskSearch;
import dev.loupe.readmodels.tasks.TaskSort;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.security.Callers;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskStatus;
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
 * background (202); while one of the class group is in progress another is refused (409); a class group with no
 * finished task in the tasks read model has nothing to train on (404).
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
  private final TaskViews tasks;

  TrainingController(ClassifierTraining training, TrainingRuns runs, Callers callers, TaskViews tasks) {
    this.training = training;
    this.runs = runs;
    this.callers = callers;
    this.tasks = tasks;
  }

  @PostMapping("/{classGroupKey}/train")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RunStarted train(@PathVariable String classGroupKey, @RequestBody(required = false) TrainRequest request) {
    TaskSearch finished = new TaskSearch(null, TaskStatus.DONE, null, classGroupKey, null, null, null, null, null, null,
        null, false);
    if (tasks.search(finished, new TaskViews.PageRequest(0, 1, TaskSort.NEWEST_FIRST, null)).total() == 0) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND,
          "class group " + classGroupKey + " has no finished task to train on");
    }
    boolean override = request != null && Boolean.TRUE.equals(request.override());
    UUID runId = training.start(classGroupKey, Trigger.MANUAL, override, null, callers.current().name());
    return new RunStarted(runId, classGroupKey, TrainingRun.RUNNING);
  }

  @GetMapping("/{classGroupKey}/training-runs")
  List<TrainingRun> runs(@PathVariable String classGroupKey) {
    return runs.of(classGroupKey);
  }
}
