package dev.loupe.benchmarks.e2e;

import dev.loupe.benchmarks.MachineFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code queries-latest.md} (machine, arguments, issue 14's goals met or not, the read models' catch-up next to
 * the flat-out tasks figure, the query latencies, notes) and {@code queries-latest.csv} (one number a line, in
 * {@link E2eReport}'s columns: {@code section,path,step,metric,value,unit}; sections {@code projection},
 * {@code volume}, {@code catch-up}, {@code query}).
 */
final class QueryReport extends RunReport {

  static final double QUERY_GOAL_MILLIS = 100;
  /** A read model at lag 0 this soon after the relay delivered the last event kept up (polls, the 2 s lag cache). */
  static final double WITH_RELAY_SECONDS = 4;

  ProjectionStep.Result flatOut;
  VolumeExpectations expected;
  VolumeStep.Result volume;
  final List<QueryStep.Result> queries = new ArrayList<>();

  QueryReport(String arguments, Map<String, String> machine, String loadAtStart) {
    super(arguments, machine, loadAtStart);
  }

  List<E2eReport.Goal> goals() {
    List<E2eReport.Goal> goals = new ArrayList<>();
    String keepUp = "every read model keeps up with the tasks read model's flat-out rate, all projections on";
    if (volume == null || volume.appended == null) {
      goals.add(new E2eReport.Goal(keepUp, "not measured", "not measured"));
    } else {
      double flat = flatOut == null ? Double.NaN : flatOut.eventsPerSecond();
      List<String> measured = new ArrayList<>();
      boolean allCaughtUp = true;
      boolean allAtFlat = true;
      boolean withRelay = true;
      for (VolumeStep.CatchUp catchUp : volume.readModels.values()) {
        double rate = volume.tailEventsPerSecond(catchUp);
        measured.add(catchUp.readModel() + " " + (catchUp.caughtUp() ? E2eReport.rate(rate) + " events/s"
            : "not caught up"));
        allCaughtUp &= catchUp.caughtUp();
        allAtFlat &= catchUp.caughtUp() && rate >= flat;
        withRelay &= catchUp.caughtUp() && catchUp.seconds() <= volume.relaySeconds + WITH_RELAY_SECONDS;
      }
      String met;
      if (Double.isNaN(flat)) {
        met = "not measured";
      } else if (allAtFlat) {
        met = "yes";
      } else if (withRelay) {
        met = "not shown: every read model kept up with all the relay delivered ("
            + E2eReport.rate(volume.relayTailEventsPerSecond()) + " events/s), below the flat-out rate";
      } else {
        met = "no";
      }
      goals.add(new E2eReport.Goal(keepUp, "after the last append: " + String.join(", ", measured)
          + " (tasks flat out, projection-only: "
          + E2eReport.rate(flat) + " events/s)" + (allCaughtUp ? "" : "; some never caught up"), met));
    }
    for (QueryStep.Result query : queries.stream().filter(query -> query.query.goal()).toList()) {
      String size = expected == null ? "" : " on " + String.format("%,d", expected.tasks) + " tasks";
      boolean plausible = query.problems.isEmpty();
      double p99 = query.latency.percentile(99);
      goals.add(new E2eReport.Goal(query.query.name() + ": p99 ≤ 100 ms" + size,
          "p99 " + query.latency.format(99) + ", p50 " + query.latency.format(50)
              + (plausible ? "" : " (" + query.problems.size() + " implausible answers)"),
          !plausible ? "no answer to trust" : p99 <= QUERY_GOAL_MILLIS ? "yes" : "no"));
    }
    return goals;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    header(md, "Loupe data-volume and query benchmark");
    md.append("\n## Goals (issue 14)\n\n| goal | measured | met |\n| --- | --- | --- |\n");
    for (E2eReport.Goal goal : goals()) {
      md.append("| ").append(goal.goal()).append(" | ").append(goal.measured()).append(" | ").append(goal.met())
          .append(" |\n");
    }
    catchUpTable(md);
    queryTable(md);
    notes(md, notes());
    return md.toString();
  }

  private void catchUpTable(StringBuilder md) {
    if (flatOut == null && volume == null) {
      return;
    }
    md.append("\n## Read models: keeping up\n\n");
    if (flatOut != null) {
      md.append("Projection-only, flat out, the tasks read model alone (events straight to the topic, `_mget` until "
          + "every document stands at its last version): ").append(flatOut.events).append(" events, ")
          .append(E2eReport.rate(flatOut.eventsPerSecond())).append(" events/s")
          .append(flatOut.complete ? "" : " (not all in by the end)").append(".\n\n");
    }
    if (volume != null && volume.appended != null) {
      md.append("Data volume, every projection on: ").append(String.format("%,d", volume.appended.streams()))
          .append(" streams, ").append(String.format("%,d", volume.appended.events()))
          .append(" events appended to the journal in ").append(Math.round(volume.appended.seconds())).append(" s (")
          .append(E2eReport.rate(volume.appended.eventsPerSecond())).append(" events/s); all of them on the topic "
              + "after ").append(Double.isNaN(volume.relaySeconds) ? "never (within the drain)"
              : Math.round(volume.relaySeconds) + " s").append(" (")
          .append(E2eReport.rate(volume.eventsPerSecond(volume.relaySeconds))).append(" events/s through the "
              + "relay over the whole step; ").append(E2eReport.rate(volume.relayTailEventsPerSecond()))
          .append(" events/s from the last append, ").append(Math.round(volume.appendEndSeconds))
          .append(" s in, on). Each read model: time from the first append until everything was on the topic and its "
              + "consumer group's backlog (end offsets − committed offsets, from Kafka, polled every second: what the "
              + "application's lag is made of) was 0; events/s = appended events ÷ that time (journal and relay "
              + "included), and, the figure of the goal, the events it handled from the last append until then ÷ "
              + "that time (the journal idle, the relay at full pace).\n\n");
      md.append("| read model | caught up after | events/s, whole step | events/s after the last append "
          + "| highest backlog seen (events) | highest lag it reported (events / s) |\n"
          + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
      VolumeStep.ReportedLag reported = volume.reported;
      for (VolumeStep.CatchUp catchUp : volume.readModels.values()) {
        Double seconds = reported.maxSeconds.get(catchUp.readModel());
        md.append("| ").append(catchUp.readModel()).append(" | ")
            .append(catchUp.caughtUp() ? Math.round(catchUp.seconds()) + " s" : "not within the drain")
            .append(" | ").append(E2eReport.rate(volume.eventsPerSecond(catchUp.seconds()))).append(" | ")
            .append(E2eReport.rate(volume.tailEventsPerSecond(catchUp))).append(" | ")
            .append(catchUp.maxBacklog()).append(" | ")
            .append(reported.maxEvents.containsKey(catchUp.readModel())
                ? reported.maxEvents.get(catchUp.readModel()) + " / " + (seconds == null ? "n/a"
                    : String.format(java.util.Locale.ROOT, "%.1f s", seconds)) : "never reported")
            .append(" |\n");
      }
      md.append("\n`GET /api/v1/read-models`, asked once a second by another thread (5 s timeout): answered ")
          .append(reported.answerMillis.count()).append(" times in p50 ").append(reported.answerMillis.format(50))
          .append(", p99 ").append(reported.answerMillis.format(99)).append(", max ")
          .append(reported.answerMillis.format(100)).append("; no answer ").append(reported.unanswered)
          .append(" times.\n");
      if (!volume.stages.isEmpty()) {
        md.append("\nHow busy each stage was over those ").append(Math.round(volume.windowSeconds))
            .append(" s (`/actuator/prometheus` at the first append and at the last catch-up; utilization = busy "
                + "seconds ÷ (window × the stage's threads); the relay's sends overlap, so its figure is no "
                + "utilization). A read model that kept up at utilization u could take about its rate ÷ u, an "
                + "estimate on cores it shares with everything else:\n\n");
        md.append("| stage | calls/s | mean per call | utilization | threads |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (StageLoad stage : volume.stages.stream().filter(stage -> stage.calls() > 0).toList()) {
          md.append("| ").append(stage.stage()).append(" | ").append(E2eReport.rate(stage.callsPerSecond()))
              .append(" | ").append(Samples.millis(stage.meanMillis())).append(" | ")
              .append(stage.ceilingCandidate() ? E2eReport.percent(stage.utilization()) : "n/a").append(" | ")
              .append(Math.round(stage.capacity())).append(" |\n");
        }
      }
    }
  }

  private void queryTable(StringBuilder md) {
    if (queries.isEmpty()) {
      return;
    }
    md.append("\n## Queries\n\nOver REST, one request at a time, as the admin (the inbox: an operator of "
        + "product-detection), each query's variants in turn; every variant once and checked against the data set "
        + "(folded by the domain's `Task.evolve`), warmed up, then measured: call → whole body read.\n\n");
    md.append("| query | endpoint | variants | samples | p50 | p99 | max | slowest variant (its p50) | answers |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
    for (QueryStep.Result query : queries) {
      md.append("| ").append(query.query.name()).append(" | ").append(query.query.endpoint()).append(" | ")
          .append(query.query.variants().size()).append(" | ").append(query.latency.count()).append(" | ")
          .append(query.latency.format(50)).append(" | ").append(query.latency.format(99)).append(" | ")
          .append(query.latency.format(100)).append(" | ")
          .append("`").append(QueryStep.slowest(query).getKey()).append("` (")
          .append(Samples.millis(QueryStep.slowest(query).getValue())).append(") | ")
          .append(query.problems.isEmpty() ? "all " + query.checked + " as expected"
              : query.problems.size() + " of " + query.checked + " implausible: "
                  + query.problems.stream().limit(3).collect(Collectors.joining("; ")))
          .append(" |\n");
    }
  }

  List<E2eReport.Row> rows() {
    List<E2eReport.Row> rows = new ArrayList<>();
    if (flatOut != null) {
      rows.add(new E2eReport.Row("projection", "tasks", "flat out", "events_per_second", flatOut.eventsPerSecond(),
          "events/s"));
    }
    if (volume != null && volume.appended != null) {
      rows.add(new E2eReport.Row("volume", "journal", "append", "streams", volume.appended.streams(), "streams"));
      rows.add(new E2eReport.Row("volume", "journal", "append", "events", volume.appended.events(), "events"));
      rows.add(new E2eReport.Row("volume", "journal", "append", "events_per_second",
          volume.appended.eventsPerSecond(), "events/s"));
      rows.add(new E2eReport.Row("volume", "relay", "published", "seconds", volume.relaySeconds, "s"));
      rows.add(new E2eReport.Row("volume", "relay", "after the last append", "events_per_second",
          volume.relayTailEventsPerSecond(), "events/s"));
      rows.add(new E2eReport.Row("volume", "read-models endpoint", "answer", "p50", volume.reported.answerMillis
          .percentile(50), "ms"));
      rows.add(new E2eReport.Row("volume", "read-models endpoint", "answer", "p99", volume.reported.answerMillis
          .percentile(99), "ms"));
      rows.add(new E2eReport.Row("volume", "read-models endpoint", "answer", "unanswered",
          volume.reported.unanswered, "polls"));
      for (StageLoad stage : volume.stages.stream().filter(stage -> stage.calls() > 0).toList()) {
        rows.add(new E2eReport.Row("stage", stage.stage(), "all projections", "utilization", stage.utilization(),
            "ratio"));
      }
      for (VolumeStep.CatchUp catchUp : volume.readModels.values()) {
        rows.add(new E2eReport.Row("catch-up", catchUp.readModel(), "all projections", "seconds", catchUp.seconds(),
            "s"));
        rows.add(new E2eReport.Row("catch-up", catchUp.readModel(), "all projections", "events_per_second",
            volume.eventsPerSecond(catchUp.seconds()), "events/s"));
        rows.add(new E2eReport.Row("catch-up", catchUp.readModel(), "after the last append", "events_per_second",
            volume.tailEventsPerSecond(catchUp), "events/s"));
      }
    }
    for (QueryStep.Result query : queries) {
      for (double q : new double[] {50, 99, 100}) {
        rows.add(new E2eReport.Row("query", query.query.name(), expected == null ? "" : expected.tasks + " tasks",
            q == 100 ? "max" : "p" + (int) q, query.latency.percentile(q), "ms"));
      }
      rows.add(new E2eReport.Row("query", query.query.name(), expected == null ? "" : expected.tasks + " tasks",
          "implausible_answers", query.problems.size(), "answers"));
    }
    return rows;
  }

  @Override
  String write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String markdown = markdown();
    Files.writeString(directory.resolve("queries-latest.md"), markdown);
    Files.writeString(directory.resolve("queries-latest.csv"), E2eReport.CSV_HEADER + "\n"
        + rows().stream().map(E2eReport.Row::toCsv).collect(Collectors.joining("\n")) + "\n");
    return markdown;
  }
}
