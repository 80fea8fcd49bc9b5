package dev.loupe.journal;

/**
 * A stream's folded state at a version, stored to spare reading the whole stream. Only an optimisation: a
 * missing or stale snapshot (other state type or schema version) means folding from the events.
 *
 * @param stateType the stable name of the state's shape ({@code Task})
 * @param schemaVersion the version of that shape; a reader ignores snapshots of another version
 */
public record Snapshot(String streamId, long version, String stateType, int schemaVersion, String stateJson) {}
