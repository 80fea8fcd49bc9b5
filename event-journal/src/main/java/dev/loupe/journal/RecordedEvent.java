package dev.loupe.journal;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as the journal stored it.
 *
 * @param version the event's version within its stream, from 0
 * @param position the journal's global insertion position
 * @param transactionId the writing transaction; with the position, the event's place in commit order
 * @param eventTime when the fact happened, as its writer said
 * @param recordedTime when the journal stored it
 */
public record RecordedEvent(
    UUID eventId,
    String streamId,
    long version,
    long position,
    long transactionId,
    String type,
    int schemaVersion,
    Instant eventTime,
    Instant recordedTime,
    String payloadJson,
    EventMetadata metadata) {

  /** The event's place in the journal's commit order. */
  public JournalPosition journalPosition() {
    return new JournalPosition(transactionId, position);
  }
}
