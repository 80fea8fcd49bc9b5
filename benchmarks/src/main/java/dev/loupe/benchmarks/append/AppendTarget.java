package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.support.SampleEvent;
import java.util.List;

/** One system under test, open on one database: appends events to a new stream in one transaction. */
public interface AppendTarget extends AutoCloseable {

  /** Appends {@code events} as versions 0… of the new stream {@code streamId}, in one transaction. */
  void append(String streamId, List<SampleEvent> events) throws Exception;

  @Override
  default void close() {}
}
