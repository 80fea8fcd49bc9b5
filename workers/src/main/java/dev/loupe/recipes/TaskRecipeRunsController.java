package dev.loupe.recipes;

import dev.loupe.recipes.RecipeElements.Run;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskRepository;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The task page's diagram: each run of a task's recipe, the version it ran on and the elements it reached. */
@RestController
class TaskRecipeRunsController {

  /**
   * One run of the task's recipe.
   *
   * @param deploymentId the kept deployment the run ran on, for its diagram; null when Loupe kept none (a version
   *     deployed before Loupe kept them)
   * @param elements the elements it reached, in order
   * @param at where the task is now in this run; null once it ended or a later run took over
   * @param incident the element of its open incident; else null
   */
  record RecipeRun(Long deploymentId, String processId, int version, long processInstanceKey, Instant startedAt,
      List<String> elements, String at, String incident) {}

  private final RecipeActivity activity;
  private final RecipeVersions versions;
  private final TaskRepository tasks;

  TaskRecipeRunsController(RecipeActivity activity, RecipeVersions versions, TaskRepository tasks) {
    this.activity = activity;
    this.versions = versions;
    this.tasks = tasks;
  }

  /** The task's recipe runs, oldest first; none for a task from before runs were recorded. */
  @GetMapping("/api/v1/tasks/{id}/recipe-runs")
  List<RecipeRun> runs(@PathVariable String id) {
    if (!tasks.load(id).exists()) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no task " + id);
    }
    return activity.runs(id).stream().map(this::run).toList();
  }

  private RecipeRun run(Run run) {
    Long deploymentId = versions.ranBefore(run.recipe().processId(), run.recipe().processVersion(), run.startedAt())
        .map(RecipeVersions.RecipeVersion::deploymentId)
        .orElse(null);
    return new RecipeRun(deploymentId, run.recipe().processId(), run.recipe().processVersion(),
        run.recipe().processInstanceKey(), run.startedAt(), run.elements(), run.at(), run.incident());
  }
}
