package dev.loupe.readmodels.tasks;

import java.util.List;

/**
 * A slice of the waiting work: tasks of these types and/or class groups (an empty list: any). A scope with both
 * lists empty takes nothing, so forgetting to give a team its work never shows it everything.
 */
public record WorkScope(List<String> taskTypes, List<String> classGroups) {

  public WorkScope {
    taskTypes = List.copyOf(taskTypes);
    classGroups = List.copyOf(classGroups);
  }

  public boolean takesAnything() {
    return !taskTypes.isEmpty() || !classGroups.isEmpty();
  }

  public boolean takes(String taskType, String classGroupKey) {
    return takesAnything()
        && (taskTypes.isEmpty() || taskTypes.contains(taskType))
        && (classGroups.isEmpty() || classGroups.contains(classGroupKey));
  }
}
