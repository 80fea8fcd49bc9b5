package dev.loupe.inbox;

/** An operator's open work session on a task, returned by a claim. */
public record OperatorSession(String sessionId, String taskId, String operatorId) {}
