package dev.loupe.benchmarks.support;

import java.time.Instant;
import java.util.UUID;

/**
 * One event every system under test writes, the same fields for each: Loupe and the raw inserts store the payload
 * as JSONB, Axon serializes it with its Jackson serializer.
 *
 * @param payload a Jackson-serializable record
 */
public record SampleEvent(
    UUID eventId,
    String type,
    Instant eventTime,
    Object payload,
    String correlationId,
    String causationId,
    String actor) {}
