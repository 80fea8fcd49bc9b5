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
 * The journal's benchmark harness: on one embedded PostgreSQL, measures Loupe's appends against Axon's JDBC event
 * store and raw INSERT/COPY, a fat event, and the relay to Kafka; writes {@code latest.md} and {@code latest.csv}.
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
    try (BenchmarkPostgres postgres = BenchmarkPostgres.start(options.postgresSettings())) {
      Map<String, String> settings = postgres.settings();
      report.postgres(settings);
      if ("off".equals(settings.get("fsync")) || "off".equals(settings.get("synchronous_commit"))) {
        report.note("PostgreSQL ran as Loupe's embedded server runs it (zonky's defaults: fsync=%s, "
            .formatted(settings.get("fsync")) + "synchronous_commit=%s): commits wait for no disk, so every number "
            .formatted(settings.get("synchronous_commit")) + "here is CPU-bound. A durable server is slower and "
            + "narrows the gaps between systems; `--pg.synchronous_commit=on` measures with commits that wait for "
            + "the WAL write.");
      }
      postgres.prepareTemplate(List.of(AppendSystem::createSchemas));
      log.info("PostgreSQL {} ready, schemas of {} created", postgres.settings().get("server_version"),
          options.systems().stream().map(AppendSystem::key).toList());
      if (options.measures("append")) {
        appends(postgres);
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
