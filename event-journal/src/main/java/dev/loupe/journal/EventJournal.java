package dev.loupe.journal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.springframework.dao.TransientDataAccessResourceException;

/** The append-only journal of domain events: one stream per aggregate instance. */
public interface EventJournal {

  /**
   * Appends events to a stream if it is at the expected version. Appending event ids that are all already
   * stored with the same content is a successful no-op.
   *
   * @throws WrongExpectedVersion when the stream is at another version
   * @throws DuplicateEventId when an event id is already stored with different content
   */
  AppendResult append(String streamId, ExpectedVersion expectedVersion, List<NewEvent> events);

  /** The stream's events from {@code fromVersion} on, in version order; empty when the stream does not exist. */
  List<RecordedEvent> readStream(String streamId, long fromVersion);

  default List<RecordedEvent> readStream(String streamId) {
    return readStream(streamId, 0);
  }

  /**
   * The stream's events, read again for up to {@code patience} until they include {@code version}. The relay streams
   * a transaction once its commit record is in the write-ahead log, and PostgreSQL makes it visible to other sessions
   * only a moment later (longer on a busy machine): a consumer that reads a stream for a message it has just received
   * could otherwise find the journal a version short. Returns what the journal holds when the version shows or the
   * patience runs out, so a message the journal really lacks is still found out; a negative version or no patience
   * reads once.
   *
   * @throws TransientDataAccessResourceException when the thread is interrupted while it waits (the interrupt stays
   *     set): the caller cannot tell yet whether the journal holds the version
   */
  default List<RecordedEvent> readStreamThrough(String streamId, long version, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    long pause = Duration.ofMillis(5).toNanos();
    List<RecordedEvent> events = readStream(streamId);
    while (version >= 0 && (events.isEmpty() || events.getLast().version() < version)
        && System.nanoTime() + pause <= deadline) {
      LockSupport.parkNanos(pause);
      if (Thread.currentThread().isInterrupted()) {
        throw new TransientDataAccessResourceException("interrupted while waiting for version %d of %s"
            .formatted(version, streamId));
      }
      pause = Math.min(pause * 2, Duration.ofMillis(200).toNanos());
      events = readStream(streamId);
    }
    return events;
  }

  /** The version of the stream's last event, -1 when it does not exist. */
  long streamVersion(String streamId);

  /**
   * Events of every stream in commit order after {@code after}, at most {@code limit}. Only events of
   * transactions older than every running one are returned, so a later read never finds an event before
   * the last one it returned.
   */
  List<RecordedEvent> readAll(JournalPosition after, int limit);

  /**
   * The end of the journal's commit order now: every event of a transaction that has already appended lies before
   * it, every event of a transaction that appends from now on after it.
   */
  JournalPosition end();

  /**
   * How far {@link #readAll} can read now: every event before this position is final (its transaction has ended),
   * so once {@code readAll} from some position returns nothing, every event between there and here was read.
   */
  JournalPosition readable();

  /**
   * Every event of the archived months ({@code ./loupe archive}), which {@link #readAll} does not return: month by
   * month, oldest first, each month stream by stream in version order, upcast, in batches of at most {@code
   * batchSize}. Archived months are older than every live one, so reading them, then {@link #readAll} from {@link
   * JournalPosition#START}, reads the whole journal with each stream in order.
   */
  void readArchived(int batchSize, Consumer<List<RecordedEvent>> batches);

  /**
   * The heads of the streams the filter selects, in stream id order after {@code afterStreamId} ({@code ""} for the
   * first page), at most {@code limit}: the last stream id of a page is the cursor of the next. A stream whose last
   * event lies in an archived month is not listed.
   */
  List<StreamHead> readStreamHeads(StreamHeadFilter filter, String afterStreamId, int limit);

  /**
   * Every head the filter selects, from the first stream on, in pages of at most {@code pageSize} (see {@link
   * #readStreamHeads(StreamHeadFilter, String, int)}). A stream created while the walk goes on is listed when its
   * id lies after the page being read.
   */
  default void readStreamHeads(StreamHeadFilter filter, int pageSize, Consumer<List<StreamHead>> pages) {
    List<StreamHead> page = readStreamHeads(filter, "", pageSize);
    while (!page.isEmpty()) {
      pages.accept(page);
      page = page.size() < pageSize ? List.of() : readStreamHeads(filter, page.getLast().streamId(), pageSize);
    }
  }

  /**
   * How many of the streams the filter selects stand at each kind of head, in one query: counted per the stored type
   * of their last event and per the text of one top-level field of their first event's payload (the event that
   * creates an aggregate names its kind, a task's {@code type}). Reads one row per stream with the prefix; a stream
   * whose last event lies in an archived month is not counted.
   */
  List<StreamHeadCount> countStreamHeads(StreamHeadFilter filter, String firstEventField);

  /**
   * The streams with this prefix as the journal stood at {@code asOf}: only their events before it in commit order
   * (those of transactions that ended before it, see {@link #readable}), so the same call answers the same events
   * whatever is appended later. Stream by stream in stream id order, each in version order, upcast; a page holds
   * whole streams, at most {@code streamsPerPage} of them; streams with no event before {@code asOf} are left out.
   * Events of archived months are read from the archive.
   */
  void readStreamsAsOf(String streamPrefix, JournalPosition asOf, int streamsPerPage,
      Consumer<List<List<RecordedEvent>>> pages);

  /** Whether an event with this id is stored. */
  boolean contains(UUID eventId);
}
