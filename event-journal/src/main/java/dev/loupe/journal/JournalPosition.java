package dev.loupe.journal;

/**
 * A place in the journal's commit order: the writing transaction, then the insertion position within it.
 * Reading all streams from a position never skips an event committed later by an older transaction.
 */
public record JournalPosition(long transactionId, long position) implements Comparable<JournalPosition> {

  /** Before the first event. */
  public static final JournalPosition START = new JournalPosition(0, 0);

  @Override
  public int compareTo(JournalPosition other) {
    int byTransaction = Long.compare(transactionId, other.transactionId);
    return byTransaction != 0 ? byTransaction : Long.compare(position, other.position);
  }
}
