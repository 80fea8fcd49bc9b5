package dev.loupe.task;

/**
 * An object found on one of a task's images.
 *
 * @param objectId unique within the task
 * @param imageIndex which of the task's images, from 0
 * @param classId a class of the task's class group
 */
public record AnnotatedObject(String objectId, int imageIndex, Box box, String classId) {}
