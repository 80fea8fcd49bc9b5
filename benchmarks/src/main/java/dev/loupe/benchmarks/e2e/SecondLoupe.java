package dev.loupe.benchmarks.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The operator path's comparison: the same steps on a second Loupe, started after the first stopped, with one
 * setting turned back to what it was before a change, so that the report sets the change's effect side by side
 * in one run ({@code --second-loupe}).
 */
enum SecondLoupe {

  /** No second Loupe. */
  NONE("none", List.of(), "", "", ""),
  /** Admission control of task creations off (ADR 0034): every create is taken. */
  ADMISSION_OFF("admission-off", List.of("-Dloupe.admission.enabled=false"), "admission control on vs off",
      "whose admission control of task creations is off (`loupe.admission.enabled=false`, Loupe before ADR 0034): it "
          + "takes every create, however far behind its engine is",
      "on / off"),
  /** The embedded Zeebe's state in zeebe-process-test's in-memory database (before ADR 0033). */
  ZEEBE_MEMORY("zeebe-memory", List.of("-Dloupe.embedded.zeebe.state=memory"), "Zeebe's state in RocksDB vs in memory",
      "whose embedded Zeebe keeps its state in zeebe-process-test's in-memory database "
          + "(`loupe.embedded.zeebe.state=memory`, the engine before ADR 0033), which copies all of itself for every "
          + "iteration",
      "RocksDB / in memory"),
  /** The tasks read model refreshed every 250 ms, as before its refresh interval became a setting of 100 ms. */
  TASKS_REFRESH_250MS("tasks-refresh-250ms", List.of("-Dloupe.read-models.tasks.refresh-interval=250ms"),
      "tasks read model refreshed every 100 ms vs 250 ms",
      "whose `tasks` read model is refreshed every 250 ms (`loupe.read-models.tasks.refresh-interval=250ms`, the "
          + "interval before it became a setting) instead of 100 ms",
      "100 ms / 250 ms");

  final String option;
  final List<String> systemProperties;
  final String title;
  final String description;
  final String cells;

  SecondLoupe(String option, List<String> systemProperties, String title, String description, String cells) {
    this.option = option;
    this.systemProperties = systemProperties;
    this.title = title;
    this.description = description;
    this.cells = cells;
  }

  static SecondLoupe parse(String option) {
    return Arrays.stream(values()).filter(value -> value.option.equals(option.toLowerCase(Locale.ROOT))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--second-loupe takes one of "
            + Arrays.stream(values()).map(value -> value.option).toList() + ", not " + option));
  }
}
