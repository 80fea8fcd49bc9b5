package dev.loupe.benchmarks.fat;

import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.report.Measurement;
import java.util.List;

/**
 * One fat ObjectsDetected through Loupe's journal.
 *
 * @param boxes objects in the event
 * @param jsonBytes the payload's JSON as the application hands it over (UTF-8)
 * @param storedBytes {@code pg_column_size(payload)}: the JSONB value as stored (after TOAST compression)
 * @param jsonbTextBytes {@code octet_length(payload::text)}: the JSONB value printed back as text
 * @param append latency of {@code append} (one event, new stream)
 * @param read latency of {@code readStream} of that stream
 * @param rawInsert latency of a plain INSERT of the same row into a table like the journal's: the floor
 */
public record FatEventResult(
    int boxes, long jsonBytes, long storedBytes, long jsonbTextBytes, LatencySummary append, LatencySummary read,
    LatencySummary rawInsert) {

  public List<Measurement> measurements() {
    return List.of(
        measurement("append", "p50", append.p50Millis(), "ms"),
        measurement("append", "p99", append.p99Millis(), "ms"),
        measurement("append", "max", append.maxMillis(), "ms"),
        measurement("read", "p50", read.p50Millis(), "ms"),
        measurement("read", "p99", read.p99Millis(), "ms"),
        measurement("read", "max", read.maxMillis(), "ms"),
        new Measurement("fat-event", "append", "insert", 1, 1, "p50", rawInsert.p50Millis(), "ms"),
        new Measurement("fat-event", "append", "insert", 1, 1, "p99", rawInsert.p99Millis(), "ms"),
        measurement("size", "json_bytes", jsonBytes, "bytes"),
        measurement("size", "stored_bytes", storedBytes, "bytes"),
        measurement("size", "jsonb_text_bytes", jsonbTextBytes, "bytes"));
  }

  private Measurement measurement(String workload, String metric, double value, String unit) {
    return new Measurement("fat-event", workload, "loupe", 1, 1, metric, value, unit);
  }
}
