package dev.loupe.operatorwork;

/** An operator's open work session on a task, returned by a claim. */
public record OperatorSession(String sessionId, String taskId, String operatorId) {}
