package dev.loupe.task;

import dev.loupe.task.SessionCommand.AddObject;
import dev.loupe.task.SessionCommand.MoveObject;
import dev.loupe.task.SessionCommand.ReadObject;
import dev.loupe.task.SessionCommand.RelabelObject;
import dev.loupe.task.SessionCommand.RemoveObject;
import dev.loupe.task.TaskCommand.ObjectDraft;
import dev.loupe.task.TaskEvent.ObjectLabel;
import dev.loupe.task.TaskEvent.ObjectMove;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsLabeled;
import dev.loupe.task.TaskEvent.ObjectsMoved;
import dev.loupe.task.TaskEvent.ObjectsRemoved;
import dev.loupe.task.TaskEvent.SuggestionScore;
import dev.loupe.task.TaskEvent.SuggestionsEvaluated;
import dev.loupe.task.TaskEvent.TagCorrection;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskEvent.TagsCorrected;
import dev.loupe.task.TaskRejected.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns an operator's whole session (every add, move, relabel, remove and typed text, in order) into the few
 * events that say what changed: like commands joined, an object added then removed in the same session
 * cancelled, an existing object's last box and class only. Applying the events to the task's objects gives the
 * same objects as applying the commands one by one.
 *
 * <p>A tag's text belongs to its box: a reading holds at the end of the session when it was made at the tag's
 * final box, and the latest such reading wins (typed text is later than the recogniser's).
 */
public final class SessionSummarizer {

  /** The longest text an operator may type on a tag. */
  public static final int MAX_TEXT = 200;

  /** Text typed on a tag while it had that box. */
  private record Typed(String text, Box box) {}

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
    Map<String, List<Typed>> typed = new LinkedHashMap<>();
    Map<String, DrawSuggestion> suggested = new LinkedHashMap<>();
    for (int i = 0; i < commands.size(); i++) {
      apply(commands.get(i), "commands[" + i + "]", sessionId, task, current, newIds, typed, suggested);
    }
    List<TaskEvent> events = events(sessionId, before, current);
    corrections(sessionId, task, before, current, typed).ifPresent(events::add);
    events.addAll(drawSuggestionsEvaluated(current, suggested));
    return events;
  }

  /**
   * Per classifier version that suggested classes on draw in this session, and per suggested class of the task's
   * group: how many of the new objects it suggested that class for the operator kept to the end of the session, and
   * how many of those keep it. A drawn box the operator removed again judges the drawing, not the suggestion, and is left out, as a
   * detected box is ({@link Task}).
   */
  private static List<TaskEvent> drawSuggestionsEvaluated(Map<String, AnnotatedObject> after,
      Map<String, DrawSuggestion> suggested) {
    Map<ModelRef, Map<String, int[]>> counts = new LinkedHashMap<>();
    suggested.forEach((objectId, suggestion) -> {
      AnnotatedObject kept = after.get(objectId);
      if (kept == null) {
        return;
      }
      int[] count = counts.computeIfAbsent(suggestion.model(), model -> new TreeMap<>())
          .computeIfAbsent(suggestion.classId(), classId -> new int[2]);
      count[0]++;
      if (kept.classId().equals(suggestion.classId())) {
        count[1]++;
      }
    });
    List<TaskEvent> events = new ArrayList<>();
    counts.forEach((model, perClass) -> {
      List<SuggestionScore> scores = new ArrayList<>();
      perClass.forEach((classId, count) -> scores.add(new SuggestionScore(classId, count[0], count[1])));
      events.add(new SuggestionsEvaluated(model, scores));
    });
    return events;
  }

  /**
   * The commands that turn the task's objects into {@code finals}: a final object with the id of an existing
   * one keeps it (moved or relabelled if changed), one without an id is added, an existing object missing
   * from the list is removed; a final object's text is typed on it last.
   */
  public static List<SessionCommand> commandsFor(TaskState task, List<ObjectDraft> finals) {
    Map<String, AnnotatedObject> existing = new LinkedHashMap<>();
    task.objects().forEach(object -> existing.put(object.objectId(), object));
    List<SessionCommand> commands = new ArrayList<>();
    for (int i = 0; i < finals.size(); i++) {
      ObjectDraft draft = finals.get(i);
      AnnotatedObject kept = draft.objectId() == null ? null : existing.remove(draft.objectId());
      String id;
      if (kept == null) {
        id = draft.objectId() == null ? Integer.toString(i) : draft.objectId();
        commands.add(new AddObject(id, draft.imageIndex(), draft.box(), draft.classId(), draft.suggested()));
      } else {
        id = kept.objectId();
        if (!Objects.equals(kept.box(), draft.box())) {
          commands.add(new MoveObject(id, draft.box()));
        }
        if (!Objects.equals(kept.classId(), draft.classId())) {
          commands.add(new RelabelObject(id, draft.classId()));
        }
      }
      if (draft.text() != null) {
        commands.add(new ReadObject(id, draft.text()));
      }
    }
    existing.keySet().forEach(removed -> commands.add(new RemoveObject(removed)));
    return commands;
  }

  private static void apply(SessionCommand command, String field, String sessionId, TaskState task,
      Map<String, AnnotatedObject> current, Map<String, String> newIds, Map<String, List<Typed>> typed,
      Map<String, DrawSuggestion> suggested) {
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
        if (add.suggested() != null) {
          validSuggestion(add.suggested(), field + ".suggested");
          if (task.classGroup().hasClass(add.suggested().classId())) {
            suggested.put(id, add.suggested());
          }
        }
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
        typed.remove(object.objectId());
        suggested.remove(object.objectId());
      }
      case ReadObject read -> {
        AnnotatedObject object = alive(read.objectId(), field, current, newIds);
        if (!TaskTypes.PRICE_TAG_READING.equals(task.type())) {
          throw invalid(field + ".text", "only %s tasks have text on their objects".formatted(TaskTypes.PRICE_TAG_READING));
        }
        if (read.text() == null || read.text().isBlank() || read.text().strip().length() > MAX_TEXT) {
          throw invalid(field + ".text", "must be 1 to %d characters, not blank".formatted(MAX_TEXT));
        }
        typed.computeIfAbsent(object.objectId(), id -> new ArrayList<>())
            .add(new Typed(read.text().strip(), object.box()));
      }
    }
  }

  /**
   * The texts that hold at the end: for each tag alive with text typed at its final box, the latest such text,
   * when it changes the tag's reading (or the tag is new, or was moved, which drops its old reading).
   */
  private static Optional<TaskEvent> corrections(String sessionId, TaskState task,
      Map<String, AnnotatedObject> before, Map<String, AnnotatedObject> after, Map<String, List<Typed>> typed) {
    List<TagCorrection> corrections = new ArrayList<>();
    for (AnnotatedObject object : after.values()) {
      String text = null;
      for (Typed entry : typed.getOrDefault(object.objectId(), List.of())) {
        if (entry.box().equals(object.box())) {
          text = entry.text();
        }
      }
      if (text == null) {
        continue;
      }
      String previous = task.readings().stream()
          .filter(reading -> reading.objectId().equals(object.objectId()))
          .map(TagReading::text)
          .findFirst()
          .orElse(null);
      AnnotatedObject earlier = before.get(object.objectId());
      boolean keptInPlace = earlier != null && earlier.box().equals(object.box());
      if (!keptInPlace || !text.equals(previous)) {
        corrections.add(new TagCorrection(object.objectId(), text, previous));
      }
    }
    return corrections.isEmpty()
        ? Optional.empty()
        : Optional.of(new TagsCorrected(sessionId, corrections));
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

  /**
   * A suggestion must say what it was, or it is refused; one of a class the task's group does not have (a classifier
   * trained when the group had it) is valid but left unscored: it never keeps the operator's work from finishing.
   */
  private static void validSuggestion(DrawSuggestion suggestion, String field) {
    if (blank(suggestion.classId())) {
      throw invalid(field + ".classId", "must name the suggested class");
    }
    if (!(suggestion.confidence() >= 0 && suggestion.confidence() <= 1)) {
      throw invalid(field + ".confidence", "must be between 0 and 1");
    }
    if (suggestion.model() == null || blank(suggestion.model().name()) || blank(suggestion.model().version())) {
      throw invalid(field + ".model", "must name the classifier and its version that suggested the class");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static TaskRejected invalid(String field, String message) {
    return new TaskRejected(Reason.INVALID, field, message);
  }
}
