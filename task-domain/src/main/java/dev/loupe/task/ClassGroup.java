package dev.loupe.task;

import java.util.List;

/** The classes a client looks for on a task's images, under the key its models are registered by. */
public record ClassGroup(String key, List<ObjectClass> classes) {

  /** One class of a class group. */
  public record ObjectClass(String id, String name) {}

  public boolean hasClass(String classId) {
    return classes.stream().anyMatch(objectClass -> objectClass.id().equals(classId));
  }
}
