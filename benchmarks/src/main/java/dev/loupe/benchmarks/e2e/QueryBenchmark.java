package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.benchmarks.MachineFacts;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.TaskTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14's data-volume benchmark, {@code ./loupe bench queries}: starts Loupe's local distribution as a child
 * process (as {@link E2eBenchmark} does), measures the tasks read model flat out projection-only ({@code projection}),
 * then appends {@code --volume-tasks} synthetic task streams straight to its journal while every projection runs
 * and measures each read model's catch-up ({@link VolumeStep}), then the latencies of the task manager's list, the
 * inbox, the per-status counts, a month's bill and an operator's day over REST ({@link QueryStep}), each answer
 * checked against the data set. Writes {@code queries-latest.md} and {@code queries-latest.csv}. A harness, not a
 * test: nothing asserts a time. Arguments: {@link E2eOptions#USAGE}; the task paths' options do not apply.
 */
public record QueryBenchmark(E2eOptions options, QueryReport report) {

  private static final Logger log = LoggerFactory.getLogger(QueryBenchmark.class);
  /** The months the synthetic tasks are created in: the whole months before the current one. */
  static final int MONTHS = 3;
  private static final int PAGE = 50;
  private static final int WARM_UP_EVENTS = 3_000;
  private static final int READ_MODELS_WARM_UP = 5;
  private static final int READ_MODELS_SAMPLES = 100;
  private static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(120);
  private static final java.time.Duration SEARCHABLE = java.time.Duration.ofSeconds(60);

  public static void main(String[] args) throws Exception {
    E2eOptions options = RunReport.optionsOrExit(() -> E2eOptions.parseFor(E2eOptions.QUERY_PATHS, args));
    QueryReport report = new QueryReport(String.join(" ", args), MachineFacts.collect(), MachineFacts.loadAverage());
    report.runAndExit(() -> new QueryBenchmark(options, report).run(), options.out());
  }

  private void run() throws Exception {
    Path runDirectory = LoupeProcess.newRunDirectory("loupe-queries-");
    boolean failed = true;
    try (LoupeProcess loupe = LoupeProcess.start(options.appJar(), options.appHeap(), runDirectory)) {
      long starting = System.nanoTime();
      loupe.awaitHealthy(options.startupTimeout());
      String kafka = loupe.requireEmbeddedAddress("Kafka");
      String elasticsearch = loupe.requireEmbeddedAddress("Elasticsearch");
      String postgres = loupe.requireEmbeddedAddress("PostgreSQL");
      report.fact("Loupe", "`" + options.appJar() + "` as a child process, -Xmx" + options.appHeap()
          + ", healthy after " + Math.round((System.nanoTime() - starting) / 1e9) + " s; PostgreSQL " + postgres
          + ", Kafka " + kafka + ", Elasticsearch " + elasticsearch);
      LoupeApi api = new LoupeApi(loupe.baseUri()).signedIn("admin", loupe.adminPassword());
      try (ReadSide readSide = new ReadSide(api, kafka, elasticsearch)) {
        report.fact("read side", ReadSide.TOPIC + " has " + readSide.taskTopicPartitions() + " partition(s)");
        if (options.measures("projection")) {
          ProjectionStep tasksOnly = new ProjectionStep(readSide, "loupe", kafka, ReadSide.TOPIC, "tasks",
              readSide::tasksProjectionHandled);
          // unmeasured first: right after start-up the JIT is cold, where the end-to-end benchmark's step runs late
          tasksOnly.flatOut(Math.min(WARM_UP_EVENTS, options.projectionEvents()), options.projectionDrainTimeout());
          readSide.awaitCaughtUp(java.time.Duration.ofSeconds(30));
          report.flatOut = tasksOnly.flatOut(options.projectionEvents(), options.projectionDrainTimeout());
          readSide.awaitCaughtUp(java.time.Duration.ofSeconds(30));
        }
        if (options.measures("queries")) {
          volumeAndQueries(api, readSide, postgres);
        }
      }
      failed = false;
    } finally {
      report.keepOrDelete(runDirectory, failed);
    }
  }

  /** Notes the dead letters each read model has waiting, when any. */
  private void deadLetters(LoupeApi api, String when) {
    api.readModels().ifPresent(models -> {
      Map<String, Long> waiting = new TreeMap<>();
      for (JsonNode model : models) {
        long count = model.path("deadLettersWaiting").asLong();
        if (count > 0) {
          waiting.put(model.path("name").asText(), count);
        }
      }
      if (!waiting.isEmpty()) {
        report.note("Dead letters waiting " + when + ": " + waiting + ". The projection-only step's streams are "
            + "written straight to the topic, so the journal does not hold them: read models that fold streams "
            + "from the journal (billing, operator-sessions) dead-letter them, as they should.");
      }
    });
  }

  private void volumeAndQueries(LoupeApi api, ReadSide readSide, String postgres) throws Exception {
    YearMonth first = YearMonth.now(ZoneOffset.UTC).minusMonths(MONTHS);
    Instant start = first.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    int days = (int) ChronoUnit.DAYS.between(first.atDay(1), first.plusMonths(MONTHS).atDay(1));
    SyntheticTasks tasks = new SyntheticTasks(options.seed(), start, days);
    long folding = System.nanoTime();
    VolumeExpectations expected = VolumeExpectations.of(tasks, options.volumeTasks());
    log.info("volume: {} synthetic streams folded in {} s: {}", options.volumeTasks(),
        Math.round((System.nanoTime() - folding) / 1e9), expected.kinds);
    report.expected = expected;
    report.fact("data set", "%d synthetic task streams (seed %d) created %s … %s, %d clients, 2 task types, %d class "
        .formatted(options.volumeTasks(), options.seed(), first, first.plusMonths(MONTHS - 1),
            SyntheticTasks.CLIENTS.size(), SyntheticTasks.CLASS_GROUPS.size())
        + "groups, %d models, %d operators; mix %s".formatted(SyntheticTasks.MODELS.size(), SyntheticTasks.OPERATORS,
        expected.kinds));
    VolumeStep volume = new VolumeStep(api, readSide, postgres);
    Map<String, Long> lagging = volume.awaitAllCaughtUp(SETTLE);
    if (!lagging.isEmpty()) {
      report.note("Before the data volume, after waiting " + SETTLE.toSeconds() + " s, read models still had a "
          + "backlog (events): " + lagging + "; their catch-up includes it.");
    }
    deadLetters(api, "before the data volume");
    long before = api.get("/api/v1/tasks?size=1").path("total").asLong();
    report.volume = volume.run(tasks, options);
    deadLetters(api, "after the data volume");
    awaitSearchable(api, expected.tasks + before, report);
    LoupeApi operator = api.operators(1).getFirst();
    QueryStep admin = new QueryStep(api);
    int warmup = options.queryWarmup();
    int samples = options.querySamples();
    report.queries.add(admin.run(taskList(expected, first), warmup, samples));
    report.queries.add(new QueryStep(operator).run(inbox(expected), warmup, samples));
    report.queries.add(admin.run(statusCounts(expected, before), warmup, samples));
    report.queries.add(admin.run(billing(expected), warmup, samples));
    report.queries.add(admin.run(operatorDay(expected), warmup, samples));
    // not a goal, and slow (it asks Kafka for every read model's offsets): fewer samples
    report.queries.add(admin.run(readModels(), READ_MODELS_WARM_UP, Math.min(samples, READ_MODELS_SAMPLES)));
  }

  /**
   * Waits until a search counts every task (an indexed document is searchable after the index's next refresh), at
   * most {@link #SEARCHABLE}; past it the report says so and the queries' own checks tell what was missing.
   */
  private static void awaitSearchable(LoupeApi api, long tasks, QueryReport report) throws Exception {
    long deadline = System.nanoTime() + SEARCHABLE.toNanos();
    long total;
    while ((total = api.get("/api/v1/tasks?size=1").path("total").asLong()) < tasks) {
      if (System.nanoTime() > deadline) {
        report.note("After " + SEARCHABLE.toSeconds() + " s a search counted " + total + " of " + tasks + " tasks.");
        return;
      }
      Thread.sleep(250);
    }
  }

  static QueryStep.Query taskList(VolumeExpectations expected, YearMonth first) {
    List<QueryStep.Variant> variants = new ArrayList<>();
    for (String client : SyntheticTasks.CLIENTS) {
      for (TaskStatus status : List.of(TaskStatus.DONE, TaskStatus.WAITING_FOR_OPERATOR, TaskStatus.CANCELLED)) {
        long total = expected.statusesByClient.getOrDefault(client, Map.of()).getOrDefault(status, 0L);
        variants.add(new QueryStep.Variant("/api/v1/tasks?clientId=%s&status=%s&size=%d".formatted(client, status,
            PAGE), answer -> page(answer, total, PAGE)));
      }
    }
    String from = first.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    String to = first.plusMonths(2).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    for (String classGroup : SyntheticTasks.CLASS_GROUPS) {
      variants.add(new QueryStep.Variant("/api/v1/tasks?type=%s&classGroupKey=%s&createdFrom=%s&createdTo=%s&size=%d"
          .formatted(TaskTypes.PRICE_TAG_READING, classGroup, from, to, PAGE), QueryBenchmark::nonEmptyPage));
    }
    for (int operator = 0; operator < 5; operator++) {
      variants.add(new QueryStep.Variant("/api/v1/tasks?operatorId=%s&status=DONE&size=%d"
          .formatted(SyntheticTasks.operator(operator), PAGE), QueryBenchmark::nonEmptyPage));
    }
    variants.add(new QueryStep.Variant("/api/v1/tasks?clientId=%s&page=3&size=%d"
        .formatted(SyntheticTasks.CLIENTS.getFirst(), PAGE), QueryBenchmark::nonEmptyPage));
    return new QueryStep.Query("task manager: filtered list", "GET /api/v1/tasks (client, status, type, class group, "
        + "created range, operator; page of " + PAGE + ")", variants);
  }

  static QueryStep.Query inbox(VolumeExpectations expected) {
    List<QueryStep.Variant> variants = new ArrayList<>();
    String type = TaskTypes.PRODUCT_DETECTION;
    long all = expected.waiting(type);
    variants.add(new QueryStep.Variant("/api/v1/inbox?size=" + PAGE, answer -> list(answer, Math.min(PAGE, all))));
    for (String classGroup : SyntheticTasks.CLASS_GROUPS) {
      long waiting = expected.waiting.getOrDefault(type, Map.of()).getOrDefault(classGroup, 0L);
      variants.add(new QueryStep.Variant("/api/v1/inbox?type=%s&classGroupKey=%s&size=%d".formatted(type, classGroup,
          PAGE), answer -> list(answer, Math.min(PAGE, waiting))));
      variants.add(new QueryStep.Variant("/api/v1/inbox?classGroupKey=%s&page=1&size=20".formatted(classGroup),
          answer -> list(answer, Math.max(0, Math.min(20, waiting - 20)))));
    }
    return new QueryStep.Query("inbox page", "GET /api/v1/inbox (an operator of product-detection; class group, "
        + "type, page)", variants);
  }

  static QueryStep.Query statusCounts(VolumeExpectations expected, long before) {
    List<QueryStep.Variant> variants = new ArrayList<>();
    variants.add(new QueryStep.Variant("/api/v1/tasks?size=1", answer -> {
      long total = answer.path("total").asLong();
      long sum = sum(answer.path("statuses"));
      if (total != expected.tasks + before || sum != total) {
        return "total %d, statuses add up to %d; expected %d (%d synthetic + %d before)"
            .formatted(total, sum, expected.tasks + before, expected.tasks, before);
      }
      long waiting = answer.path("statuses").path(TaskStatus.WAITING_FOR_OPERATOR.name()).asLong();
      long expectedWaiting = expected.statuses.getOrDefault(TaskStatus.WAITING_FOR_OPERATOR, 0L);
      return waiting == expectedWaiting ? null : "%d waiting, expected %d".formatted(waiting, expectedWaiting);
    }));
    for (String client : SyntheticTasks.CLIENTS) {
      Map<String, Long> statuses = new TreeMap<>();
      expected.statusesByClient.getOrDefault(client, Map.of()).forEach((s, n) -> statuses.put(s.name(), n));
      variants.add(new QueryStep.Variant("/api/v1/tasks?clientId=%s&size=1".formatted(client), answer -> {
        Map<String, Long> answered = new TreeMap<>();
        answer.path("statuses").properties().forEach(e -> answered.put(e.getKey(), e.getValue().asLong()));
        return answered.equals(statuses) ? null : "statuses " + answered + ", expected " + statuses;
      }));
    }
    return new QueryStep.Query("per-status counts", "GET /api/v1/tasks?size=1 (statuses aggregation, total; all and "
        + "per client)", variants);
  }

  static QueryStep.Query billing(VolumeExpectations expected) {
    List<QueryStep.Variant> variants = new ArrayList<>();
    expected.runsByMonth.forEach((month, runs) -> {
      variants.add(new QueryStep.Variant("/api/v1/billing?month=" + month, answer -> runs(answer, runs)));
      expected.runsByMonthAndClient.get(month).forEach((client, clientRuns) -> variants.add(new QueryStep.Variant(
          "/api/v1/billing?month=%s&client=%s".formatted(month, client), answer -> runs(answer, clientRuns))));
    });
    return new QueryStep.Query("billing for a month", "GET /api/v1/billing?month= (every client, and one)", variants);
  }

  static QueryStep.Query operatorDay(VolumeExpectations expected) {
    List<QueryStep.Variant> variants = new ArrayList<>();
    for (Map.Entry<String, LocalDate> day : expected.busiestOperatorDays(10)) {
      String operator = day.getKey();
      LocalDate date = day.getValue();
      long sessions = expected.sessions(operator, date);
      variants.add(new QueryStep.Variant("/api/v1/operator-monitor/days?operator=%s&from=%s&to=%s".formatted(operator,
          date, date), answer -> {
            long answered = 0;
            for (JsonNode row : answer) {
              answered += row.path("figures").path("sessions").asLong();
            }
            return answered == sessions ? null : "%d sessions, expected %d".formatted(answered, sessions);
          }));
      variants.add(new QueryStep.Variant("/api/v1/operator-monitor/sessions?operator=%s&from=%s&to=%s&size=%d"
          .formatted(operator, date, date, PAGE), answer -> {
            long total = answer.path("total").asLong();
            return total == sessions && answer.path("sessions").size() == Math.min(PAGE, sessions) ? null
                : "total %d, %d listed; expected %d".formatted(total, answer.path("sessions").size(), sessions);
          }));
    }
    return new QueryStep.Query("an operator's day", "GET /api/v1/operator-monitor/days and /sessions (one operator, "
        + "one day)", variants);
  }

  /** Not a goal: how fast the read models' own report answers on an idle application, next to how it did under load. */
  static QueryStep.Query readModels() {
    return new QueryStep.Query("read models' state (not a goal)", "GET /api/v1/read-models (index, lag, dead "
        + "letters, quarantine, rebuild of each read model)", List.of(new QueryStep.Variant("/api/v1/read-models",
            answer -> {
              for (JsonNode model : answer) {
                if (model.path("lag").path("events").asLong(-1) != 0) {
                  return model.path("name").asText() + " lags " + model.path("lag");
                }
              }
              return answer.size() >= 4 ? null : answer.size() + " read models, expected 4 or more";
            })), false);
  }

  private static String page(JsonNode answer, long total, int size) {
    long answered = answer.path("total").asLong();
    int items = answer.path("items").size();
    return answered == total && items == Math.min(size, total) && total > 0 ? null
        : "total %d, %d items; expected total %d (> 0)".formatted(answered, items, total);
  }

  private static String nonEmptyPage(JsonNode answer) {
    return answer.path("total").asLong() > 0 && !answer.path("items").isEmpty() ? null : "empty";
  }

  private static String list(JsonNode answer, long size) {
    return answer.isArray() && answer.size() == size && size > 0 ? null
        : "%d tasks, expected %d (> 0)".formatted(answer.size(), size);
  }

  private static String runs(JsonNode answer, long runs) {
    long answered = answer.path("totals").path("runs").asLong();
    return answered == runs ? null : "%d runs, expected %d".formatted(answered, runs);
  }

  private static long sum(JsonNode counts) {
    long sum = 0;
    for (JsonNode count : counts) {
      sum += count.asLong();
    }
    return sum;
  }
}
