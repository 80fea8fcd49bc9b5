package dev.loupe.submission;

import dev.loupe.readmodels.tasks.TaskCursor;
import dev.loupe.readmodels.tasks.TaskSearch;
import dev.loupe.readmodels.tasks.TaskSort;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.security.Callers;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;

/**
 * The task manager's query string, for the list and its CSV export: filters, order, and which page. A null part is
 * not asked for.
 *
 * @param mine only the tasks the signed-in person claimed last (for people: a client has no claims)
 * @param attention only tasks someone should look at: escalated, delivery failed, or with an open incident
 * @param sort {@code <field>[,asc|desc]}: createdAt, updatedAt, finishedAt, priority or status; newest first when
 *     null
 * @param after the {@code next} cursor of the previous page, to continue after it (with page 0)
 */
record TaskQuery(
    String clientId,
    TaskStatus status,
    String type,
    String classGroupKey,
    String operatorId,
    Boolean mine,
    String model,
    String modelVersion,
    Instant createdFrom,
    Instant createdTo,
    Instant finishedFrom,
    Instant finishedTo,
    Boolean attention,
    String sort,
    String after,
    @Min(0) Integer page,
    @Min(1) @Max(200) Integer size) {

  static final int DEFAULT_SIZE = 20;

  /**
   * The filters as the caller may ask them: a client's API key lists that client's tasks only.
   *
   * @throws TaskRejected INVALID naming {@code mine} when a client asks for its claims
   */
  TaskSearch search(Callers.Caller caller) {
    boolean onlyMine = Boolean.TRUE.equals(mine);
    if (onlyMine && caller.client().isPresent()) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "mine", "is for people: a client has no claims");
    }
    return new TaskSearch(caller.client().isPresent() ? caller.clientId() : clientId, status, type, classGroupKey,
        onlyMine ? caller.name() : operatorId, model, modelVersion, createdFrom, createdTo, finishedFrom,
        finishedTo, Boolean.TRUE.equals(attention));
  }

  /** @throws TaskRejected INVALID naming {@code sort} for an order the list does not know */
  TaskSort order() {
    if (sort == null || sort.isBlank()) {
      return TaskSort.NEWEST_FIRST;
    }
    try {
      return TaskSort.parse(sort);
    } catch (IllegalArgumentException unknown) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "sort", unknown.getMessage());
    }
  }

  /**
   * The page asked for.
   *
   * @throws TaskRejected INVALID naming {@code page} for a page past the result window (the cursor reaches any
   *     depth) or a page number with a cursor, naming {@code after} for a cursor this list did not give (or gave
   *     for another order)
   */
  TaskViews.PageRequest pageRequest() {
    int number = page == null ? 0 : page;
    int perPage = size == null ? DEFAULT_SIZE : size;
    boolean hasCursor = after != null && !after.isBlank();
    if (hasCursor && number > 0) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "page",
          "cannot go with after: a cursor says where the page starts");
    }
    if (((long) number + 1) * perPage > TaskViews.RESULT_WINDOW) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "page", ("reaches past the %d first matches a page number "
          + "can reach: narrow the filter, or page on with 'after' set to each answer's 'next'")
          .formatted(TaskViews.RESULT_WINDOW));
    }
    TaskSort order = order();
    if (hasCursor) {
      try {
        TaskCursor.read(after, order);
      } catch (IllegalArgumentException notACursor) {
        throw new TaskRejected(TaskRejected.Reason.INVALID, "after", notACursor.getMessage());
      }
    }
    return new TaskViews.PageRequest(number, perPage, order, hasCursor ? after : null);
  }
}
