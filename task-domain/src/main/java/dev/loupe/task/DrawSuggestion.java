package dev.loupe.task;

/**
 * The class a box classifier suggested for a box an operator drew (on-draw, {@code POST /sessions/{id}/suggestions}),
 * as the operator's tool got it: the class, its probability and the classifier version. It travels with the new
 * object in the session's finish, so that whether the operator kept it scores that classifier version.
 */
public record DrawSuggestion(String classId, double confidence, ModelRef model) {}
