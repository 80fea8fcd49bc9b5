package dev.loupe.readmodels.projection;

import dev.loupe.journal.EventJournal;
import java.time.Duration;

/**
 * How long a projector's batch may wait for the journal to show versions its messages name
 * ({@link EventJournal#readStreamThrough}): a message may come a moment before its commit is visible to other
 * sessions. One deadline for the whole batch, so a batch of messages the journal really lacks (a benchmark that writes
 * straight to the topic, a forged message) costs at most {@link #PER_BATCH}, however many streams it touches.
 */
public final class JournalPatience {

  public static final Duration PER_BATCH = Duration.ofSeconds(1);

  private final long deadline;

  private JournalPatience(long deadline) {
    this.deadline = deadline;
  }

  /** The patience of a batch that starts now. */
  public static JournalPatience forBatch() {
    return new JournalPatience(System.nanoTime() + PER_BATCH.toNanos());
  }

  /** What is left of it; zero once it ran out (the stream is then read once). */
  public Duration left() {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
