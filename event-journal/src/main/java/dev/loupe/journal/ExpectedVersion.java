package dev.loupe.journal;

/**
 * The version a writer expects a stream to be at when it appends: the optimistic concurrency check of the
 * journal. Stream versions start at 0 for the first event.
 */
public record ExpectedVersion(long value) {

  /** The stream must not exist yet. */
  public static final ExpectedVersion NO_STREAM = new ExpectedVersion(-1);

  /** No check: append whatever version the stream is at. */
  public static final ExpectedVersion ANY = new ExpectedVersion(-2);

  public ExpectedVersion {
    if (value < -2) {
      throw new IllegalArgumentException("an expected version is -2 (any), -1 (no stream) or >= 0: " + value);
    }
  }

  /** The stream's last event must have exactly this version. */
  public static ExpectedVersion exactly(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("an exact expected version is >= 0: " + version);
    }
    return new ExpectedVersion(version);
  }

  /** Expects the stream at {@code currentVersion}, where -1 means the stream does not exist yet. */
  public static ExpectedVersion of(long currentVersion) {
    return currentVersion < 0 ? NO_STREAM : exactly(currentVersion);
  }

  /** Whether a stream at {@code actualVersion} (-1: no stream) satisfies this expectation. */
  public boolean accepts(long actualVersion) {
    return this.equals(ANY) || value == actualVersion;
  }

  @Override
  public String toString() {
    if (this.equals(ANY)) {
      return "ANY";
    }
    return this.equals(NO_STREAM) ? "NO_STREAM" : Long.toString(value);
  }
}
