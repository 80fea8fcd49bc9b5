package dev.loupe.journal;

/**
 * What an append did.
 *
 * @param nextExpectedVersion the stream's version after the append: the expected version of the next one
 * @param written false when every event id was already stored with the same content (an idempotent retry)
 */
public record AppendResult(long nextExpectedVersion, boolean written) {}
