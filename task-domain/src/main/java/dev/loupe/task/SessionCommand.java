package dev.loupe.task;

/**
 * One step of an operator's session, as the annotation tool's undo stack records it. New objects carry the
 * tool's own ids; existing objects are referred to by their task-wide ids.
 */
public sealed interface SessionCommand {

  /** The object the command is about. */
  String objectId();

  record AddObject(String objectId, int imageIndex, Box box, String classId) implements SessionCommand {}

  record MoveObject(String objectId, Box box) implements SessionCommand {}

  record RelabelObject(String objectId, String classId) implements SessionCommand {}

  record RemoveObject(String objectId) implements SessionCommand {}

  /** The operator typed the text on a tag (price-tag-reading): the reading of the object's box as it is now. */
  record ReadObject(String objectId, String text) implements SessionCommand {}
}
