package dev.loupe.recipes;

import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.recipes.RecipeElements.Run;
import dev.loupe.recipes.RecipeElements.Step;
import dev.loupe.task.TaskRepository;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * What the tasks do in the recipes, derived from the journal (and the tasks read model to find them), so it needs
 * no Operate: how many tasks wait at each element of a recipe version and how many open incidents each has (as
 * Operate's heatmap), and the runs of one task with the elements each reached ({@link RecipeElements}).
 */
@Service
public class RecipeActivity {

  /** What is at one element of a recipe version: tasks waiting there, and open incidents of its jobs. */
  public record ElementActivity(long active, long incidents) {}

  private static final int PAGE = 500;

  private final TaskViews views;
  private final TaskRepository tasks;

  RecipeActivity(TaskViews views, TaskRepository tasks) {
    this.views = views;
    this.tasks = tasks;
  }

  /**
   * Per element id of the recipe version, the tasks whose current run on it is at the element, and its open
   * incidents; an element with neither is left out. Each task the read model lists as running on the version is
   * placed by its journal, so a task whose run the read model has not caught up with is placed where it is now.
   */
  public Map<String, ElementActivity> activity(String processId, int version) {
    Map<String, ElementActivity> elements = new TreeMap<>();
    views.forEachRunningOn(processId, version, PAGE, taskId -> {
      List<Run> runs = runs(taskId);
      if (runs.isEmpty()) {
        return;
      }
      Run current = runs.getLast();
      if (!current.recipe().processId().equals(processId) || current.recipe().processVersion() != version) {
        return;
      }
      if (current.at() != null) {
        elements.merge(current.at(), new ElementActivity(1, 0), RecipeActivity::plus);
      }
      if (current.incident() != null) {
        elements.merge(current.incident(), new ElementActivity(0, 1), RecipeActivity::plus);
      }
    });
    return elements;
  }

  /** Every run of the task's recipe its journal records, oldest first; none for an unknown task. */
  public List<Run> runs(String taskId) {
    List<Step> steps = tasks.history(taskId).stream()
        .map(recorded -> new Step(tasks.decode(recorded), recorded.version(), recorded.eventTime()))
        .toList();
    return RecipeElements.runs(taskId, steps);
  }

  private static ElementActivity plus(ElementActivity one, ElementActivity other) {
    return new ElementActivity(one.active() + other.active(), one.incidents() + other.incidents());
  }
}
