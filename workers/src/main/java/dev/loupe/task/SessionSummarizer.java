package dev.loupe.task;

import dev.loupe.task.SessionCommand.AddObject;
import dev.loupe.task.SessionCommand.MoveObject;
import dev.loupe.task.SessionCommand.RelabelObject;
import dev.loupe.task.SessionCommand.RemoveObject;
import dev.loupe.task.TaskCommand.ObjectDraft;
import dev.loupe.task.TaskEvent.ObjectLabel;
import dev.loupe.task.TaskEvent.ObjectMove;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsLabeled;
import dev.loupe.task.TaskEvent.ObjectsMoved;
import dev.loupe.task.TaskEvent.ObjectsRemoved;
import dev.loupe.task.TaskRejected.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an operator's whole session (every add, move, relabel and remove, in order) into the few events that
 * say what changed: like commands joined, an object added then removed in the same session cancelled, an
 * existing object's last box and class only. Applying the events to the task's objects gives the same objects
 * as applying the commands one by one.
 */
public final class SessionSummarizer {

  private SessionSummarizer() {}

  /**
   * The summarized events of a session on a task whose objects are {@code existing}. New objects get the id
   * {@code <sessionId>-<tool's id>}.
   *
   * @throws TaskRejected INVALID naming {@code commands[i].<field>} for a command that does not fit
   */
  public static List<TaskEvent> summarize(String sessionId, TaskState task, List<SessionCommand> commands) {
    Map<String, AnnotatedObject> before = new LinkedHashMap<>();
    task.objects().forEach(object -> before.put(object.objectId(), object));
    Map<String, AnnotatedObject> current = new LinkedHashMap<>(before);
    Map<String, String> newIds = new LinkedHashMap<>();
    for (int i = 0; i < commands.size(); i++) {
      apply(commands.get(i), "commands[" + i + "]", sessionId, task, current, newIds);
    }
    return events(sessionId, before, current);
  }

  /**
   * The commands that turn the task's objects into {@code finals}: a final object with the id of an existing
   * one keeps it (moved or relabelled if changed), one without an id is added, an existing object missing
   * from the list is removed.
   */
  public static List<SessionCommand> commandsFor(TaskState task, List<ObjectDraft> finals) {
    Map<String, AnnotatedObject> existing = new LinkedHashMap<>();
    task.objects().forEach(object -> existing.put(object.objectId(), object));
    List<SessionCommand> commands = new ArrayList<>();
    for (int i = 0; i < finals.size(); i++) {
      ObjectDraft draft = finals.get(i);
      AnnotatedObject kept = draft.objectId() == null ? null : existing.remove(draft.objectId());
      if (kept == null) {
        commands.add(new AddObject(draft.objectId() == null ? Integer.toString(i) : draft.objectId(),
            draft.imageIndex(), draft.box(), draft.classId()));
        continue;
      }
      if (!Objects.equals(kept.box(), draft.box())) {
        commands.add(new MoveObject(kept.objectId(), draft.box()));
      }
      if (!Objects.equals(kept.classId(), draft.classId())) {
        commands.add(new RelabelObject(kept.objectId(), draft.classId()));
      }
    }
    existing.keySet().forEach(removed -> commands.add(new RemoveObject(removed)));
    return commands;
  }

  private static void apply(SessionCommand command, String field, String sessionId, TaskState task,
      Map<String, AnnotatedObject> current, Map<String, String> newIds) {
    switch (command) {
      case AddObject add -> {
        if (add.objectId() == null || add.objectId().isBlank()) {
          throw invalid(field + ".objectId", "must not be blank");
        }
        String id = sessionId + "-" + add.objectId();
        if (current.containsKey(id) || current.containsKey(add.objectId())) {
          throw invalid(field + ".objectId", "'%s' already exists".formatted(add.objectId()));
        }
        validImage(add.imageIndex(), field, task);
        validBox(add.box(), field);
        validClass(add.classId(), field, task);
        newIds.put(add.objectId(), id);
        current.put(id, new AnnotatedObject(id, add.imageIndex(), add.box(), add.classId()));
      }
      case MoveObject move -> {
        AnnotatedObject object = alive(move.objectId(), field, current, newIds);
        validBox(move.box(), field);
        current.put(object.objectId(), new AnnotatedObject(object.objectId(), object.imageIndex(), move.box(),
            object.classId()));
      }
      case RelabelObject relabel -> {
        AnnotatedObject object = alive(relabel.objectId(), field, current, newIds);
        validClass(relabel.classId(), field, task);
        current.put(object.objectId(), new AnnotatedObject(object.objectId(), object.imageIndex(), object.box(),
            relabel.classId()));
      }
      case RemoveObject remove -> {
        AnnotatedObject object = alive(remove.objectId(), field, current, newIds);
        current.remove(object.objectId());
        newIds.values().remove(object.objectId());
      }
    }
  }

  private static List<TaskEvent> events(String sessionId, Map<String, AnnotatedObject> before,
      Map<String, AnnotatedObject> after) {
    List<AnnotatedObject> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<ObjectMove> moved = new ArrayList<>();
    List<ObjectLabel> labeled = new ArrayList<>();
    for (AnnotatedObject object : after.values()) {
      AnnotatedObject earlier = before.get(object.objectId());
      if (earlier == null) {
        added.add(object);
        continue;
      }
      if (!earlier.box().equals(object.box())) {
        moved.add(new ObjectMove(object.objectId(), object.box()));
      }
      if (!earlier.classId().equals(object.classId())) {
        labeled.add(new ObjectLabel(object.objectId(), object.classId()));
      }
    }
    before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(removed::add);
    List<TaskEvent> events = new ArrayList<>();
    if (!added.isEmpty()) {
      events.add(new ObjectsAdded(sessionId, added));
    }
    if (!removed.isEmpty()) {
      events.add(new ObjectsRemoved(sessionId, removed));
    }
    if (!moved.isEmpty()) {
      events.add(new ObjectsMoved(sessionId, moved));
    }
    if (!labeled.isEmpty()) {
      events.add(new ObjectsLabeled(sessionId, labeled));
    }
    return events;
  }

  /** The object a command refers to: a new object by the tool's id, an existing one by its own. */
  private static AnnotatedObject alive(String objectId, String field, Map<String, AnnotatedObject> current,
      Map<String, String> newIds) {
    AnnotatedObject object = current.get(newIds.getOrDefault(objectId, objectId));
    if (object == null) {
      throw invalid(field + ".objectId", "no object '%s' in this session".formatted(objectId));
    }
    return object;
  }

  private static void validImage(int imageIndex, String field, TaskState task) {
    if (imageIndex < 0 || imageIndex >= task.images().size()) {
      throw invalid(field + ".imageIndex",
          "must be between 0 and %d: the task has %d image(s)".formatted(task.images().size() - 1, task.images().size()));
    }
  }

  private static void validBox(Box box, String field) {
    if (box == null) {
      throw invalid(field + ".box", "must not be null");
    }
    if (box.w() <= 0 || box.h() <= 0 || box.x() < 0 || box.y() < 0) {
      throw invalid(field + ".box", "must have x, y >= 0 and w, h > 0");
    }
  }

  private static void validClass(String classId, String field, TaskState task) {
    if (classId == null || !task.classGroup().hasClass(classId)) {
      throw invalid(field + ".classId",
          "'%s' is not a class of class group %s".formatted(classId, task.classGroup().key()));
    }
  }

  private static TaskRejected invalid(String field, String message) {
    return new TaskRejected(Reason.INVALID, field, message);
  }
}
