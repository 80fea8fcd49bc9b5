package dev.loupe.journal.archive;

import java.time.Instant;

/**
 * A month of the journal moved out of the database into one compressed file.
 *
 * @param partition the partition's table name, {@code journal_event_yYYYYmMM}
 * @param fileName the archive file, relative to the archive directory
 * @param rangeStart the first instant the partition held (inclusive)
 * @param rangeEnd the end of its range (exclusive)
 * @param events how many events it held
 * @param bytes the archive file's size
 * @param sha256 the archive file's SHA-256, hex
 */
public record ArchivedPartition(
    String partition,
    String fileName,
    Instant rangeStart,
    Instant rangeEnd,
    long events,
    long bytes,
    String sha256,
    Instant archivedTime) {}
