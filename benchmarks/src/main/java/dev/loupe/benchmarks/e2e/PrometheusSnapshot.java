package dev.loupe.benchmarks.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One scrape of {@code /actuator/prometheus}: every sample line as series (name with its labels) → value.
 * Counters and timers' {@code _sum}/{@code _count} only grow, so a stage's work in a window is the difference of
 * two snapshots.
 */
record PrometheusSnapshot(Map<String, Double> series) {

  static final PrometheusSnapshot EMPTY = new PrometheusSnapshot(Map.of());

  static PrometheusSnapshot parse(String exposition) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.lastIndexOf('}');
      int space = line.indexOf(' ', end < 0 ? 0 : end);
      if (space < 0) {
        continue;
      }
      String value = line.substring(space + 1).trim();
      int timestamp = value.indexOf(' ');
      if (timestamp > 0) {
        value = value.substring(0, timestamp);
      }
      try {
        series.put(line.substring(0, space), Double.parseDouble(value));
      } catch (NumberFormatException ignored) {
        // NaN is parsed; anything else is not a sample
      }
    }
    return new PrometheusSnapshot(Map.copyOf(series));
  }

  /** The sum over every series of metric {@code name} whose labels pass {@code labels} (0 when none). */
  double sum(String name, Predicate<String> labels) {
    double total = 0;
    for (Map.Entry<String, Double> entry : series.entrySet()) {
      String key = entry.getKey();
      int brace = key.indexOf('{');
      String metric = brace < 0 ? key : key.substring(0, brace);
      String labelText = brace < 0 ? "" : key.substring(brace);
      if (metric.equals(name) && labels.test(labelText) && !entry.getValue().isNaN()) {
        total += entry.getValue();
      }
    }
    return total;
  }

  double sum(String name) {
    return sum(name, labels -> true);
  }

  /** Whether any series of metric {@code name} exists. */
  boolean has(String name) {
    return series.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
  }

  /** How many distinct values label {@code label} takes among series of {@code name} whose labels pass. */
  long distinct(String name, String label, Predicate<String> labels) {
    return series.keySet().stream()
        .filter(key -> key.startsWith(name + "{"))
        .map(key -> key.substring(key.indexOf('{')))
        .filter(labels)
        .map(labelText -> labelValue(labelText, label))
        .filter(value -> !value.isEmpty())
        .distinct()
        .count();
  }

  static String labelValue(String labelText, String label) {
    int at = labelText.indexOf(label + "=\"");
    if (at < 0) {
      return "";
    }
    int from = at + label.length() + 2;
    return labelText.substring(from, labelText.indexOf('"', from));
  }
}
