package dev.loupe.benchmarks.fat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.benchmarks.append.AppendSystem;
import dev.loupe.benchmarks.append.AppendTarget;
import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.support.LoupeJournalContext;
import dev.loupe.benchmarks.support.SampleEvent;
import dev.loupe.benchmarks.support.SampleEvents;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * Appends one ObjectsDetected with N boxes to a new stream, then reads the stream back, {@code runs} times after
 * {@code warmups} unmeasured rounds; checks that what is read back is what was written. Then inserts the same rows
 * with a plain INSERT, for comparison.
 */
public final class FatEventBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FatEventBenchmark() {}

  public static FatEventResult run(DataSource database, int boxes, int warmups, int runs) throws Exception {
    try (LoupeJournalContext context = LoupeJournalContext.open(database)) {
      EventJournal journal = context.journal();
      Histogram appends = LatencySummary.newHistogram();
      Histogram reads = LatencySummary.newHistogram();
      String lastStream = null;
      String lastJson = null;
      for (int round = 0; round < warmups + runs; round++) {
        SampleEvent event = SampleEvents.objectsDetected(boxes, round);
        NewEvent fat = LoupeJournalContext.toNewEvent(event);
        String streamId = "task-fat-" + round;

        long began = System.nanoTime();
        journal.append(streamId, ExpectedVersion.NO_STREAM, List.of(fat));
        long appended = System.nanoTime();
        List<RecordedEvent> read = journal.readStream(streamId);
        long readBack = System.nanoTime();

        if (round == 0) {
          checkReadBack(fat, read, boxes);
        }
        if (round >= warmups) {
          LatencySummary.recordNanos(appends, appended - began);
          LatencySummary.recordNanos(reads, readBack - appended);
        }
        lastStream = streamId;
        lastJson = fat.payloadJson();
      }
      record Sizes(long stored, long text) {}
      Sizes sizes = context.jdbc()
          .sql("SELECT pg_column_size(payload), octet_length(payload::text) FROM journal_event WHERE stream_id = :stream")
          .param("stream", lastStream)
          .query((row, n) -> new Sizes(row.getLong(1), row.getLong(2)))
          .single();
      return new FatEventResult(boxes, lastJson.getBytes(StandardCharsets.UTF_8).length, sizes.stored(), sizes.text(),
          LatencySummary.of(appends), LatencySummary.of(reads), rawInserts(database, boxes, warmups, runs));
    }
  }

  /** The same fat rows through a plain INSERT: what any JSONB store pays for this payload. */
  private static LatencySummary rawInserts(DataSource database, int boxes, int warmups, int runs) throws Exception {
    Histogram inserts = LatencySummary.newHistogram();
    try (AppendTarget raw = AppendSystem.INSERT.open(database)) {
      for (int round = 0; round < warmups + runs; round++) {
        List<SampleEvent> fat = List.of(SampleEvents.objectsDetected(boxes, round));
        long began = System.nanoTime();
        raw.append("task-fat-raw-" + round, fat);
        if (round >= warmups) {
          LatencySummary.recordNanos(inserts, System.nanoTime() - began);
        }
      }
    }
    return LatencySummary.of(inserts);
  }

  private static void checkReadBack(NewEvent written, List<RecordedEvent> read, int boxes) throws Exception {
    if (read.size() != 1) {
      throw new IllegalStateException("the fat event's stream holds " + read.size() + " events, not 1");
    }
    JsonNode stored = JSON.readTree(read.getFirst().payloadJson());
    if (!stored.equals(JSON.readTree(written.payloadJson())) || stored.path("objects").size() != boxes) {
      throw new IllegalStateException("the fat event read back differs from the one appended");
    }
  }
}
