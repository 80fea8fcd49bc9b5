package dev.loupe.readmodels.training;

import java.time.Instant;

/**
 * Which finished tasks a dataset holds: those of a class group, finished (delivered) in {@code [finishedFrom,
 * finishedTo)} when given, and only those an operator verified when {@code verifiedOnly}.
 */
public record DatasetQuery(String classGroupKey, Instant finishedFrom, Instant finishedTo, boolean verifiedOnly) {

  public boolean matches(TrainingExample example) {
    return example.classGroup().key().equals(classGroupKey)
        && (finishedFrom == null || !example.finishedAt().isBefore(finishedFrom))
        && (finishedTo == null || example.finishedAt().isBefore(finishedTo))
        && (!verifiedOnly || example.verified());
  }
}
