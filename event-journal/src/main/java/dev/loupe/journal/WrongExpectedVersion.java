package dev.loupe.journal;

/** An append expected the stream at one version and found it at another: someone else wrote first. */
public class WrongExpectedVersion extends RuntimeException {

  private final String streamId;
  private final ExpectedVersion expected;
  private final long actual;

  public WrongExpectedVersion(String streamId, ExpectedVersion expected, long actual) {
    super("stream %s: expected version %s, actual %s"
        .formatted(streamId, expected, actual < 0 ? "NO_STREAM" : Long.toString(actual)));
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }

  public String streamId() {
    return streamId;
  }

  public ExpectedVersion expected() {
    return expected;
  }

  /** The stream's actual version, -1 when it does not exist. */
  public long actual() {
    return actual;
  }
}
