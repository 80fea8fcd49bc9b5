package dev.loupe.readmodels.projection;

import java.time.Instant;

/**
 * A Kafka record a read model could not use, as it lies in {@code <topic>.DLT}.
 *
 * @param id {@code <readModel>:<originalTopic>:<originalPartition>:<originalOffset>}
 * @param streamId the journal stream it belongs to (the record's key), null when it has none
 * @param version the stream version the record claims, null when it cannot be read
 * @param exception why it could not be used
 * @param state {@code WAITING}, or how it stopped waiting: {@code REPLAYED}, {@code SUPERSEDED} (its stream's
 *     document is already at or past its version) or {@code DISCARDED}
 */
public record DeadLetter(
    String id,
    String readModel,
    String originalTopic,
    int originalPartition,
    long originalOffset,
    String topic,
    int partition,
    long offset,
    String streamId,
    Long version,
    String eventType,
    String exception,
    Instant deadLetteredAt,
    String state,
    Instant resolvedAt,
    String note) {

  public static final String WAITING = "WAITING";

  public boolean waiting() {
    return WAITING.equals(state);
  }

  /** This dead letter, no longer waiting. */
  DeadLetter resolved(String resolution, Instant at, String why) {
    return new DeadLetter(id, readModel, originalTopic, originalPartition, originalOffset, topic, partition, offset,
        streamId, version, eventType, exception, deadLetteredAt, resolution, at, why);
  }
}
