package dev.loupe.journal;

/**
 * How many streams stand at one kind of head (see {@link EventJournal#countStreamHeads}).
 *
 * @param firstEventField the text of the counted field in the streams' first event; null when that event lies in an
 *     archived month or has no such field
 * @param lastEventType the stored type of the streams' last event
 * @param streams how many streams
 */
public record StreamHeadCount(String firstEventField, String lastEventType, long streams) {}
