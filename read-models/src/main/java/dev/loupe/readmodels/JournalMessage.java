package dev.loupe.readmodels;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A journal event as the relay publishes it to Kafka: the read side's view of the published contract, decoupled
 * from the write side's classes.
 */
public record JournalMessage(
    String eventId,
    String streamId,
    long version,
    String type,
    int schemaVersion,
    String eventTime,
    String recordedTime,
    JsonNode payload) {}
