package dev.loupe.benchmarks.report;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One number of the report, one line of its CSV.
 *
 * @param section {@code append}, {@code fat-event}, {@code relay}, {@code ratio}
 * @param workload what was done ({@code single}, {@code batch}, {@code append}, {@code read}, …)
 * @param system who did it ({@code loupe}, {@code axon}, {@code insert}, {@code copy})
 * @param writers concurrent writers, 0 where it does not apply
 * @param eventsPerAppend events per append, 0 where it does not apply
 * @param metric what was measured ({@code events_per_s}, {@code p50}, {@code stored_bytes}, …)
 * @param unit the value's unit ({@code events/s}, {@code ms}, {@code bytes}, {@code x})
 */
public record Measurement(
    String section,
    String workload,
    String system,
    int writers,
    int eventsPerAppend,
    String metric,
    double value,
    String unit) {

  public static final String CSV_HEADER = "section,workload,system,writers,events_per_append,metric,value,unit";

  public String toCsv() {
    return Stream.of(section, workload, system, Integer.toString(writers), Integer.toString(eventsPerAppend), metric,
            formatValue(value), unit)
        .map(Measurement::csvField)
        .collect(Collectors.joining(","));
  }

  static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  static String csvField(String field) {
    if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }
}
