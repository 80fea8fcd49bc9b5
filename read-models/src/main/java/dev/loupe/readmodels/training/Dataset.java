package dev.loupe.readmodels.training;

import dev.loupe.journal.JournalPosition;
import java.time.Instant;
import java.util.UUID;

/**
 * A training dataset: a query over finished tasks as the journal stood at {@code asOf}. Exporting it reads only the
 * journal's events before that position, so every export of it, today or next year, holds the same examples.
 */
public record Dataset(UUID id, String name, DatasetQuery query, JournalPosition asOf, Instant createdAt,
    String createdBy) {}
