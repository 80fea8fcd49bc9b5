package dev.loupe.models;

import dev.loupe.task.ModelRef;
import dev.loupe.task.QualityPolicy;
import java.time.Instant;

/** The model that serves a class group, how its results are checked, since when. */
public record ModelRegistration(String classGroupKey, ModelRef model, QualityPolicy quality, Instant registeredAt) {}
