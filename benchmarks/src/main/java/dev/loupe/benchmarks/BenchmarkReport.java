package dev.loupe.benchmarks;

import dev.loupe.benchmarks.append.AppendSystem;
import dev.loupe.benchmarks.append.ThroughputResult;
import dev.loupe.benchmarks.fat.FatEventResult;
import dev.loupe.benchmarks.relay.RelayResult;
import dev.loupe.benchmarks.report.LatencySummary;
import dev.loupe.benchmarks.report.Measurement;
import dev.loupe.benchmarks.support.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The run's results as {@code latest.md} (tables, ratios, goal lines) and {@code latest.csv} (one number a line). */
final class BenchmarkReport {

  static final double AXON_GOAL = 3.0;
  static final double CEILING_GOAL = 0.5;

  private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final String loadAtStart = MachineFacts.loadAverage();
  private final String arguments;
  private final Map<String, String> machine;
  private Map<String, String> postgres = Map.of();
  private final Map<Durability, Map<String, String>> otherServers = new java.util.EnumMap<>(Durability.class);
  private final List<DurabilityCost> durability = new ArrayList<>();
  private final List<ThroughputResult> appends = new ArrayList<>();
  private FatEventResult fatEvent;
  private final List<RelayResult> relay = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  BenchmarkReport(String arguments, Map<String, String> machine) {
    this.arguments = arguments;
    this.machine = machine;
  }

  void postgres(Map<String, String> settings) {
    this.postgres = settings;
  }

  /** The settings of the second server the durability part compares with. */
  void postgres(Durability mode, Map<String, String> settings) {
    otherServers.put(mode, settings);
  }

  void add(DurabilityCost cost) {
    durability.add(cost);
  }

  void add(ThroughputResult result) {
    appends.add(result);
  }

  void fatEvent(FatEventResult result) {
    this.fatEvent = result;
  }

  void add(RelayResult result) {
    relay.add(result);
  }

  void note(String note) {
    notes.add(note);
  }

  /** Writes {@code latest.md} and {@code latest.csv} into {@code directory}; returns the markdown. */
  String write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String markdown = markdown(Instant.now());
    Files.writeString(directory.resolve("latest.md"), markdown);
    Files.writeString(directory.resolve("latest.csv"), csv());
    return markdown;
  }

  String csv() {
    StringBuilder csv = new StringBuilder(Measurement.CSV_HEADER).append('\n');
    for (Measurement measurement : measurements()) {
      csv.append(measurement.toCsv()).append('\n');
    }
    return csv.toString();
  }

  List<Measurement> measurements() {
    List<Measurement> all = new ArrayList<>();
    appends.forEach(result -> all.addAll(result.measurements()));
    for (String workload : workloads()) {
      for (int writers : writerCounts(workload)) {
        int perAppend = eventsPerAppend(workload);
        versusAxon(workload, writers).ifPresent(ratio ->
            all.add(new Measurement("ratio", workload, "loupe/axon", writers, perAppend, "events_per_s_ratio", ratio, "x")));
        versusCeiling(workload, writers).ifPresent(ratio ->
            all.add(new Measurement("ratio", workload, "loupe/raw-ceiling", writers, perAppend, "events_per_s_ratio", ratio,
                "x")));
      }
    }
    durability.forEach(cost -> all.addAll(cost.measurements()));
    if (fatEvent != null) {
      all.addAll(fatEvent.measurements());
    }
    relay.forEach(result -> all.addAll(result.measurements()));
    return all;
  }

  /** Loupe's events/s over Axon's for the same workload and writers. */
  OptionalDouble versusAxon(String workload, int writers) {
    return ratio(find(workload, writers, AppendSystem.LOUPE), find(workload, writers, AppendSystem.AXON));
  }

  /** Loupe's events/s over the better of raw INSERT and COPY for the same workload and writers. */
  OptionalDouble versusCeiling(String workload, int writers) {
    return ratio(find(workload, writers, AppendSystem.LOUPE), ceiling(workload, writers));
  }

  private Optional<ThroughputResult> ceiling(String workload, int writers) {
    return appends.stream()
        .filter(result -> result.workload().name().equals(workload) && result.writers() == writers)
        .filter(result -> result.system().isRawCeiling())
        .max(Comparator.comparingDouble(ThroughputResult::eventsPerSecond));
  }

  private static OptionalDouble ratio(Optional<ThroughputResult> numerator, Optional<ThroughputResult> denominator) {
    if (numerator.isEmpty() || denominator.isEmpty() || denominator.get().eventsPerSecond() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(numerator.get().eventsPerSecond() / denominator.get().eventsPerSecond());
  }

  private Optional<ThroughputResult> find(String workload, int writers, AppendSystem system) {
    return appends.stream()
        .filter(result -> result.workload().name().equals(workload) && result.writers() == writers
            && result.system() == system)
        .findFirst();
  }

  private List<String> workloads() {
    return appends.stream().map(result -> result.workload().name()).distinct().toList();
  }

  private List<Integer> writerCounts(String workload) {
    return appends.stream().filter(result -> result.workload().name().equals(workload))
        .map(ThroughputResult::writers).distinct().sorted().toList();
  }

  private int eventsPerAppend(String workload) {
    return appends.stream().filter(result -> result.workload().name().equals(workload))
        .mapToInt(result -> result.workload().eventsPerAppend()).findFirst().orElse(0);
  }

  private List<AppendSystem> systems() {
    return appends.stream().map(ThroughputResult::system).distinct().sorted().toList();
  }

  String markdown(Instant finishedAt) {
    StringBuilder md = new StringBuilder();
    md.append("# Journal benchmark: latest run\n\n");
    md.append("Run %s, took %d s, load average (1 min) %s at start and %s at the end. Arguments: `%s`.\n\n"
        .formatted(startedAt, ChronoUnit.SECONDS.between(startedAt, finishedAt), loadAtStart,
            MachineFacts.loadAverage(), arguments.isBlank() ? "(defaults)" : arguments));
    md.append("> Measured on a shared development machine while other builds ran: expect noise of tens of per cent "
        + "between runs. Compare systems within one run, not across runs.\n\n");
    machineSection(md);
    goalsSection(md);
    appendSection(md);
    durabilitySection(md);
    fatEventSection(md);
    relaySection(md);
    if (!notes.isEmpty()) {
      md.append("## Notes\n\n");
      notes.forEach(note -> md.append("- ").append(note).append('\n'));
      md.append('\n');
    }
    return md.toString();
  }

  private void machineSection(StringBuilder md) {
    md.append("## Machine\n\n| | |\n| --- | --- |\n");
    machine.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
    postgres.forEach((name, value) -> md.append("| PostgreSQL ").append(name).append(" | ").append(value).append(" |\n"));
    otherServers.forEach((mode, settings) -> md.append("| second PostgreSQL (%s, durability part only) | %s |\n"
        .formatted(mode.key(), Durability.DURABLE.serverSettings().keySet().stream()
            .map(name -> name + "=" + settings.getOrDefault(name, "?")).collect(Collectors.joining(", ")))));
    md.append('\n');
  }

  private void durabilitySection(StringBuilder md) {
    if (durability.isEmpty()) {
      return;
    }
    md.append("## Durability: what the speed mode buys\n\n");
    md.append("Loupe's journal, the same workloads on a durable server (fsync, synchronous_commit, full_page_writes "
        + "on: Loupe's default) and on a fast one (all off: `loupe.embedded.postgres.durable=false`), in this run. "
        + "Each cell: events/s · p50 / p99 latency of one append in ms.\n\n");
    md.append("| workload | writers | durable | fast | fast ÷ durable (events/s) | durable ÷ fast (p50) |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (DurabilityCost cost : durability) {
      md.append("| %s (%d event%s/append) | %d | %s | %s | %s | %s |\n".formatted(cost.workload(),
          cost.eventsPerAppend(), cost.eventsPerAppend() == 1 ? "" : "s", cost.writers(), cell(cost.durable()),
          cell(cost.fast()), times(cost.fastOverDurable()), times(cost.durableOverFastP50())));
    }
    md.append('\n');
  }

  private void goalsSection(StringBuilder md) {
    if (appends.isEmpty()) {
      return;
    }
    md.append("## Goals (issue 3)\n\n| goal | measured | met |\n| --- | --- | --- |\n");
    OptionalDouble axon16 = versusAxon("single", 16);
    md.append("| Loupe ≥ %.0f× Axon's throughput at 16 writers (one event per append) | %s | %s |\n".formatted(
        AXON_GOAL,
        axon16.isPresent() ? times(axon16.getAsDouble()) + " (" + rates("single", 16) + ")" : "not measured",
        axon16.isPresent() ? (axon16.getAsDouble() >= AXON_GOAL ? "yes" : "no") : "—"));
    OptionalDouble ceilingOverAxon = ratio(ceiling("single", 16), find("single", 16, AppendSystem.AXON));
    List<String> ceilingRatios = new ArrayList<>();
    int met = 0;
    List<Integer> batchWriters = writerCounts("batch");
    for (int writers : batchWriters) {
      OptionalDouble ratio = versusCeiling("batch", writers);
      if (ratio.isPresent()) {
        ceilingRatios.add("%d writer%s: %s".formatted(writers, writers == 1 ? "" : "s", percent(ratio.getAsDouble())));
        met += ratio.getAsDouble() >= CEILING_GOAL ? 1 : 0;
      }
    }
    md.append("| Loupe's batches of %d ≥ %.0f %% of the raw insert ceiling (better of INSERT and COPY) | %s | %s |\n\n"
        .formatted(eventsPerAppend("batch"), CEILING_GOAL * 100,
            ceilingRatios.isEmpty() ? "not measured" : String.join(", ", ceilingRatios),
            ceilingRatios.isEmpty() ? "—" : "at %d of %d writer counts".formatted(met, ceilingRatios.size())));
    if (ceilingOverAxon.isPresent()) {
      md.append("For scale: at 16 writers the raw ceiling itself (no version check, no idempotency check, nothing "
          + "but the INSERT or COPY of the same rows) is %s Axon's throughput.\n\n".formatted(
              times(ceilingOverAxon.getAsDouble())));
    }
  }

  private String rates(String workload, int writers) {
    return systems().stream()
        .filter(system -> system == AppendSystem.LOUPE || system == AppendSystem.AXON)
        .map(system -> find(workload, writers, system)
            .map(result -> system.key() + " " + rate(result.eventsPerSecond()) + " events/s").orElse(""))
        .collect(Collectors.joining(", "));
  }

  private void appendSection(StringBuilder md) {
    if (appends.isEmpty()) {
      return;
    }
    List<AppendSystem> systems = systems();
    md.append("## Append throughput and latency\n\n");
    md.append("Each cell: events/s · p50 / p99 latency of one append in ms. Every writer appends to new streams of its "
        + "own; ratios are events/s over events/s.\n\n");
    md.append("| workload | writers |");
    systems.forEach(system -> md.append(' ').append(system.label()).append(" |"));
    md.append(" Loupe ÷ Axon | Loupe ÷ raw ceiling |\n| --- | ---: |");
    systems.forEach(system -> md.append(" ---: |"));
    md.append(" ---: | ---: |\n");
    for (String workload : workloads()) {
      int perAppend = eventsPerAppend(workload);
      for (int writers : writerCounts(workload)) {
        md.append("| %s (%d event%s/append) | %d |".formatted(workload, perAppend, perAppend == 1 ? "" : "s", writers));
        for (AppendSystem system : systems) {
          md.append(' ').append(find(workload, writers, system).map(BenchmarkReport::cell).orElse("—")).append(" |");
        }
        md.append(' ').append(versusAxon(workload, writers).stream().mapToObj(BenchmarkReport::times).findFirst()
            .orElse("—")).append(" |");
        md.append(' ').append(versusCeiling(workload, writers).stream().mapToObj(BenchmarkReport::percent).findFirst()
            .orElse("—")).append(" |\n");
      }
    }
    long errors = appends.stream().mapToLong(ThroughputResult::errors).sum();
    md.append(errors == 0 ? "\nNo append failed.\n\n" : "\n**%d appends failed** (see the CSV's errors rows).\n\n"
        .formatted(errors));
  }

  private static String cell(ThroughputResult result) {
    LatencySummary latency = result.latency();
    return "%s · %s / %s".formatted(rate(result.eventsPerSecond()), millis(latency.p50Millis()),
        millis(latency.p99Millis()));
  }

  private void fatEventSection(StringBuilder md) {
    if (fatEvent == null) {
      return;
    }
    md.append("## Fat event\n\n");
    md.append("One ObjectsDetected with %s boxes appended to a new stream, then its stream read back, %d times "
        .formatted(rate(fatEvent.boxes()), fatEvent.append().count()));
    md.append("(after unmeasured warm-ups); the read-back payload is checked against the written one.\n\n");
    md.append("| JSON payload | stored JSONB (`pg_column_size`) | JSONB as text | Loupe append p50 / p99 / max | "
        + "Loupe read p50 / p99 / max | raw INSERT p50 / p99 |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    md.append("| %s | %s (%s of the JSON) | %s | %s / %s / %s ms | %s / %s / %s ms | %s / %s ms |\n\n".formatted(
        bytes(fatEvent.jsonBytes()), bytes(fatEvent.storedBytes()),
        percent((double) fatEvent.storedBytes() / fatEvent.jsonBytes()), bytes(fatEvent.jsonbTextBytes()),
        millis(fatEvent.append().p50Millis()), millis(fatEvent.append().p99Millis()),
        millis(fatEvent.append().maxMillis()),
        millis(fatEvent.read().p50Millis()), millis(fatEvent.read().p99Millis()), millis(fatEvent.read().maxMillis()),
        millis(fatEvent.rawInsert().p50Millis()), millis(fatEvent.rawInsert().p99Millis())));
  }

  private void relaySection(StringBuilder md) {
    if (relay.isEmpty()) {
      return;
    }
    md.append("## Relay: journal → Debezium → Kafka\n\n");
    md.append("Throughput counts from the first append to the last event consumed; lag is the consumer's receive "
        + "time minus the event's recorded time (the database clock at insert).\n\n");
    md.append("| workload | writers | events | relay events/s | appended events/s | lag p50 | lag p99 | lag max | "
        + "duplicates |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (RelayResult result : relay) {
      md.append("| %s (%d event%s/append%s) | %d | %s | %s | %s | %s ms | %s ms | %s ms | %d |\n".formatted(
          result.workload(), result.eventsPerAppend(), result.eventsPerAppend() == 1 ? "" : "s",
          result.pacedEventsPerSecond() > 0 ? ", " + rate(result.pacedEventsPerSecond()) + " events/s" : ", flat out",
          result.writers(),
          rate(result.events()), rate(result.eventsPerSecond()), rate(result.appendedPerSecond()),
          millis(result.lag().p50Millis()), millis(result.lag().p99Millis()), millis(result.lag().maxMillis()),
          result.duplicates()));
    }
    md.append('\n');
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond).replace(',', ' ');
  }

  static String millis(double millis) {
    if (Double.isNaN(millis)) {
      return "—";
    }
    return String.format(Locale.ROOT, millis < 10 ? "%.2f" : millis < 100 ? "%.1f" : "%.0f", millis);
  }

  static String times(double ratio) {
    if (Double.isNaN(ratio)) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f×", ratio);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
  }

  static String bytes(long bytes) {
    return bytes >= 10_000 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) : bytes + " B";
  }
}
