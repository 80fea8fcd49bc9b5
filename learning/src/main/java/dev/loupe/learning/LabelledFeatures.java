package dev.loupe.learning;

/** One training row: a verified box's features and the class an operator gave it. */
public record LabelledFeatures(String classId, float[] features) {}
