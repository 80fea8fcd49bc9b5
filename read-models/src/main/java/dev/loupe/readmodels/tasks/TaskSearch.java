package dev.loupe.readmodels.tasks;

import dev.loupe.task.TaskStatus;
import java.time.Instant;

/**
 * The task manager's filters; a null part filters nothing.
 *
 * @param operatorId the operator who claimed the task last
 * @param model the name of the model that detects the task's objects
 * @param modelVersion that model's version
 * @param createdFrom created at or after
 * @param createdTo created before
 * @param finishedFrom whose run finished (reported or cancelled) at or after
 * @param finishedTo whose run finished before
 * @param needsAttention only tasks someone should look at: escalated (priority above 0), whose delivery failed, or
 *     with an open incident
 */
public record TaskSearch(String clientId, TaskStatus status, String type, String classGroupKey, String operatorId,
    String model, String modelVersion, Instant createdFrom, Instant createdTo, Instant finishedFrom,
    Instant finishedTo, boolean needsAttention) {}
