package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.support.LoupeJournalContext;
import dev.loupe.benchmarks.support.SampleEvent;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.ExpectedVersion;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Loupe's journal: {@code append(stream, NO_STREAM, events)}. */
final class LoupeAppends implements AppendTarget {

  private final LoupeJournalContext context;
  private final EventJournal journal;

  LoupeAppends(DataSource database) {
    this.context = LoupeJournalContext.open(database);
    this.journal = context.journal();
  }

  static void createSchema(DataSource database) {
    Flyway.configure().dataSource(database).load().migrate();
  }

  @Override
  public void append(String streamId, List<SampleEvent> events) {
    journal.append(streamId, ExpectedVersion.NO_STREAM,
        events.stream().map(LoupeJournalContext::toNewEvent).toList());
  }

  @Override
  public void close() {
    context.close();
  }
}
