package dev.loupe.readmodels.tasks;

import dev.loupe.task.TaskStatus;
import java.time.Instant;

/**
 * The task manager's filters; a null part filters nothing.
 *
 * @param operatorId the operator who claimed the task last
 * @param createdFrom created at or after
 * @param createdTo created before
 * @param needsAttention only tasks someone should look at: escalated (priority above 0), or whose delivery failed
 */
public record TaskSearch(String clientId, TaskStatus status, String type, String classGroupKey, String operatorId,
    Instant createdFrom, Instant createdTo, boolean needsAttention) {}
