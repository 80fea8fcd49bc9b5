package dev.loupe.detection;

import dev.loupe.task.Box;

/** One object a model found: where, of which class, how sure (0..1). */
public record Detection(Box box, String classId, double confidence) {}
