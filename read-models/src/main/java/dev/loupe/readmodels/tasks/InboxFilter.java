package dev.loupe.readmodels.tasks;

import java.time.Instant;

/**
 * What an operator narrows their inbox to; a null part filters nothing.
 *
 * @param type the task type
 * @param classGroupKey the class group
 * @param minPriority at least this priority (escalated tasks have a higher one)
 * @param createdBefore created before this instant: tasks older than an age
 */
public record InboxFilter(String type, String classGroupKey, Integer minPriority, Instant createdBefore) {

  public static final InboxFilter NONE = new InboxFilter(null, null, null, null);
}
