package dev.loupe.task;

/**
 * One step of an operator's session, as the annotation tool's undo stack records it. New objects carry the
 * tool's own ids; existing objects are referred to by their task-wide ids.
 */
public sealed interface SessionCommand {

  /** The object the command is about. */
  String objectId();

  /** A new object; {@code suggested}: the class the classifier suggested when it was drawn, null when none. */
  record AddObject(String objectId, int imageIndex, Box box, String classId, DrawSuggestion suggested)
      implements SessionCommand {

    public AddObject(String objectId, int imageIndex, Box box, String classId) {
      this(objectId, imageIndex, box, classId, null);
    }
  }

  record MoveObject(String objectId, Box box) implements SessionCommand {}

  record RelabelObject(String objectId, String classId) implements SessionCommand {}

  record RemoveObject(String objectId) implements SessionCommand {}

  /** The operator typed the text on a tag (price-tag-reading): the reading of the object's box as it is now. */
  record ReadObject(String objectId, String text) implements SessionCommand {}
}
