package dev.loupe.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.loupe.benchmarks.append.AppendRun;
import dev.loupe.benchmarks.append.AppendSystem;
import dev.loupe.benchmarks.append.AppendTarget;
import dev.loupe.benchmarks.append.ThroughputResult;
import dev.loupe.benchmarks.append.Workload;
import dev.loupe.benchmarks.fat.FatEventBenchmark;
import dev.loupe.benchmarks.fat.FatEventResult;
import dev.loupe.benchmarks.relay.RelayBenchmark;
import dev.loupe.benchmarks.relay.RelayResult;
import dev.loupe.benchmarks.support.BenchmarkPostgres;
import dev.loupe.benchmarks.support.Durability;
import dev.loupe.benchmarks.support.SampleEvents;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's benchmark harness: on one embedded PostgreSQL, durable as Loupe runs it, measures Loupe's appends
 * against Axon's JDBC event store and raw INSERT/COPY, what zonky's speed mode would buy (the same appends on a second,
 * fast server), a fat event, and the relay to Kafka; writes {@code latest.md} and {@code latest.csv}.
 * Arguments: see {@link BenchmarkOptions#USAGE}.
 */
public final class JournalBenchmark {

  private static final Logger log = LoggerFactory.getLogger(JournalBenchmark.class);

  private final BenchmarkOptions options;
  private final BenchmarkReport report;
  private int databases;

  private JournalBenchmark(BenchmarkOptions options, BenchmarkReport report) {
    this.options = options;
    this.report = report;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    BenchmarkReport report = new BenchmarkReport(String.join(" ", args), MachineFacts.collect());
    new JournalBenchmark(options, report).run();
    Path out = options.out().toAbsolutePath().normalize();
    String markdown = report.write(out);
    System.out.println();
    System.out.println(markdown);
    log.info("report written to {} (latest.md, latest.csv)", out);
    System.exit(0);
  }

  private void run() throws Exception {
    long began = System.nanoTime();
    try (BenchmarkPostgres postgres = BenchmarkPostgres.start(options.durability(), options.postgresSettings())) {
      Map<String, String> settings = postgres.settings();
      report.postgres(settings);
      report.note(("PostgreSQL ran %s: fsync=%s, synchronous_commit=%s, full_page_writes=%s%s.").formatted(
          options.durability() == Durability.DURABLE ? "durable, as Loupe's embedded server runs it by default"
              : "in zonky's speed mode (`--durability=fast`, Loupe's `loupe.embedded.postgres.durable=false`)",
          settings.get("fsync"), settings.get("synchronous_commit"), settings.get("full_page_writes"),
          options.durability() == Durability.DURABLE ? ": a commit returns once its WAL is on the disk"
              : ": commits wait for no disk, so every number here is CPU-bound"));
      postgres.prepareTemplate(List.of(AppendSystem::createSchemas));
      log.info("PostgreSQL {} ready, schemas of {} created", postgres.settings().get("server_version"),
          options.systems().stream().map(AppendSystem::key).toList());
      if (options.measures("append")) {
        appends(postgres);
      }
      if (options.measures("durability")) {
        durabilityCost(postgres);
      }
      if (options.measures("fat")) {
        fatEvent(postgres);
      }
      if (options.measures("relay")) {
        relay(postgres);
      }
    }
    log.info("measured in {} s", Duration.ofNanos(System.nanoTime() - began).toSeconds());
  }

  private void appends(BenchmarkPostgres postgres) throws Exception {
    Workload single = Workload.single();
    Workload batch = Workload.batch(options.batchSize());
    report.note(("Appends: each system first runs %s s unmeasured (JIT warm-up); then each measurement gets a fresh "
        + "database copied from a template holding every schema, a CHECKPOINT, %s s of warm-up and %s s measured. "
        + "Writers run closed-loop (next append as soon as the last returns), each on new streams of its own "
        + "(expected version NO_STREAM for Loupe, sequence 0… for Axon). An append counts when it returns inside "
        + "the measured window; its latency runs from the call to the return, payload serialization included.")
        .formatted(seconds(options.jitWarmup()), seconds(options.warmup()), seconds(options.duration())));
    report.note("Event payload: a TaskSubmitted of %d bytes of JSON (the same record for every system; Axon stores it "
        .formatted(SampleEvents.json(SampleEvents.taskSubmitted().payload()).getBytes(StandardCharsets.UTF_8).length)
        + "as Jackson bytes in BYTEA, Loupe and the raw inserts as JSONB) with correlation id, causation id and actor.");
    for (AppendSystem system : options.systems()) {
      log.info("JIT warm-up: {}", system.label());
      measure(postgres, system, single, 4, options.jitWarmup().dividedBy(2), Duration.ofMillis(1));
      measure(postgres, system, batch, 4, options.jitWarmup().dividedBy(2), Duration.ofMillis(1));
    }
    for (int writers : options.writers()) {
      for (AppendSystem system : options.systems()) {
        report.add(measured(measure(postgres, system, single, writers, options.warmup(), options.duration())));
      }
    }
    for (int writers : options.batchWriters()) {
      for (AppendSystem system : options.systems()) {
        report.add(measured(measure(postgres, system, batch, writers, options.warmup(), options.duration())));
      }
    }
  }

  private ThroughputResult measure(BenchmarkPostgres postgres, AppendSystem system, Workload workload, int writers,
      Duration warmup, Duration window) throws Exception {
    String database = "bench_run_" + databases++;
    try (HikariDataSource pool = postgres.freshDatabase(database, writers + 2);
        AppendTarget target = system.open(pool)) {
      postgres.checkpoint();
      return AppendRun.measure(system, target, workload, writers, warmup, window);
    } finally {
      postgres.dropDatabase(database);
    }
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private static ThroughputResult measured(ThroughputResult result) {
    log.info("{} {} x{}: {} events/s, p50 {} ms, p99 {} ms{}", result.system().key(), result.workload().name(),
        result.writers(), BenchmarkReport.rate(result.eventsPerSecond()),
        BenchmarkReport.millis(result.latency().p50Millis()), BenchmarkReport.millis(result.latency().p99Millis()),
        result.errors() == 0 ? "" : ", " + result.errors() + " failed");
    return result;
  }

  /**
   * Loupe's appends on this run's server and on a second one started with the other durability, workload by
   * workload, taking turns on which server goes first so that drift in the machine's load hits both alike.
   */
  private void durabilityCost(BenchmarkPostgres postgres) throws Exception {
    Durability other = options.durability().other();
    try (BenchmarkPostgres second = BenchmarkPostgres.start(other, options.postgresSettings())) {
      second.prepareTemplate(List.of(AppendSystem::createSchemas));
      report.postgres(other, second.settings());
      BenchmarkPostgres durable = options.durability() == Durability.DURABLE ? postgres : second;
      BenchmarkPostgres fast = durable == postgres ? second : postgres;
      Workload single = Workload.single();
      Workload batch = Workload.batch(options.batchSize());
      report.note(("Durability: Loupe's journal appends on the run's durable server and on a second, fast one "
          + "(fsync, synchronous_commit and full_page_writes off) started beside it, the two taking turns per "
          + "workload; %s s warm-up and %s s measured each, as the append part.").formatted(
          seconds(options.warmup()), seconds(options.duration())));
      for (BenchmarkPostgres server : List.of(durable, fast)) {
        measure(server, AppendSystem.LOUPE, single, 4, options.jitWarmup().dividedBy(2), Duration.ofMillis(1));
      }
      int turn = 0;
      record Run(Workload workload, int writers) {}
      List<Run> runs = new java.util.ArrayList<>();
      options.durabilityWriters().forEach(writers -> runs.add(new Run(single, writers)));
      options.durabilityBatchWriters().forEach(writers -> runs.add(new Run(batch, writers)));
      for (Run run : runs) {
        ThroughputResult onDurable;
        ThroughputResult onFast;
        if (turn++ % 2 == 0) {
          onDurable = measure(durable, AppendSystem.LOUPE, run.workload(), run.writers(), options.warmup(),
              options.duration());
          onFast = measure(fast, AppendSystem.LOUPE, run.workload(), run.writers(), options.warmup(),
              options.duration());
        } else {
          onFast = measure(fast, AppendSystem.LOUPE, run.workload(), run.writers(), options.warmup(),
              options.duration());
          onDurable = measure(durable, AppendSystem.LOUPE, run.workload(), run.writers(), options.warmup(),
              options.duration());
        }
        DurabilityCost cost = new DurabilityCost(onDurable, onFast);
        log.info("durability {} x{}: durable {} events/s, fast {} events/s, fast/durable {}", cost.workload(),
            cost.writers(), BenchmarkReport.rate(onDurable.eventsPerSecond()),
            BenchmarkReport.rate(onFast.eventsPerSecond()), BenchmarkReport.times(cost.fastOverDurable()));
        report.add(cost);
      }
    }
  }

  private void fatEvent(BenchmarkPostgres postgres) throws Exception {
    String database = "bench_fat";
    try (HikariDataSource pool = postgres.freshDatabase(database, 2)) {
      postgres.checkpoint();
      FatEventResult result =
          FatEventBenchmark.run(pool, options.fatBoxes(), options.fatWarmups(), options.fatRuns());
      log.info("fat event ({} boxes, {} bytes of JSON, {} stored): append p50 {} ms p99 {} ms, read p50 {} ms p99 {} ms",
          result.boxes(), result.jsonBytes(), result.storedBytes(), BenchmarkReport.millis(result.append().p50Millis()),
          BenchmarkReport.millis(result.append().p99Millis()), BenchmarkReport.millis(result.read().p50Millis()),
          BenchmarkReport.millis(result.read().p99Millis()));
      report.fatEvent(result);
    } finally {
      postgres.dropDatabase(database);
    }
  }

  private void relay(BenchmarkPostgres postgres) throws Exception {
    report.note(("Relay: Loupe's JournalRelay (Debezium embedded engine, pgoutput) publishing to an in-process "
        + "single-node Kafka, a consumer reading the topic (read committed) in the same JVM. %d writers append for "
        + "%s s: paced at %d events/s in all, then flat out with one event per append, then flat out with %d.")
        .formatted(options.relayWriters(), seconds(options.relayDuration()), options.relayRate(), options.batchSize()));
    try (RelayBenchmark relay = RelayBenchmark.start(postgres, options.relayWriters())) {
      record RelayWorkload(String name, int eventsPerAppend, double eventsPerSecond) {}
      for (RelayWorkload workload : List.of(
          new RelayWorkload("paced", 1, options.relayRate()),
          new RelayWorkload("single", 1, 0),
          new RelayWorkload("batch", options.batchSize(), 0))) {
        RelayResult result = relay.measure(workload.name(), options.relayWriters(), workload.eventsPerAppend(),
            workload.eventsPerSecond(), options.relayDuration(), options.relayDrainTimeout());
        log.info("relay {}: {} events, {} events/s end to end ({} appended/s), lag p50 {} ms p99 {} ms",
            result.workload(), result.events(), BenchmarkReport.rate(result.eventsPerSecond()),
            BenchmarkReport.rate(result.appendedPerSecond()), BenchmarkReport.millis(result.lag().p50Millis()),
            BenchmarkReport.millis(result.lag().p99Millis()));
        report.add(result);
      }
    }
  }
}
