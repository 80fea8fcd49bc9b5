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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes {@code e2e-latest.md} (machine, arguments, issue 11's goals met or not, one table per path and step, the
 * per-stage breakdown, the journal's timeline, the projection-only steps with new ÷ baseline ratios, notes) and
 * {@code e2e-latest.csv} (one number a line: {@code section,path,step,metric,value,unit}).
 */
final class E2eReport extends RunReport {

  static final double PROJECTION_EVENTS_GOAL = 2_000;
  static final double LAG_GOAL_MILLIS = 1_000;
  static final double ASSISTANCE_GOAL_STEP = 25;
  static final String ASSISTANCE_GOAL = "AssistanceRequested recorded → searchable in the inbox p99 ≤ 1 s at 25 tasks/s offered";
  static final double OPERATOR_GOAL = 50;
  static final double OPERATOR_MOONSHOT = 100;
  static final double AUTOMATIC_SHARE_GOAL = 0.8;
  /** Fewer tasks than this in a percentile make no verdict. */
  static final int MIN_TASKS_FOR_A_VERDICT = 10;
  static final String CSV_HEADER = "section,path,step,metric,value,unit";

  /** One line of the goals table. */
  record Goal(String goal, String measured, String met) {}

  /** One line of the CSV. */
  record Row(String section, String path, String step, String metric, double value, String unit) {
    String toCsv() {
      return Stream.of(section, path, step, metric, number(value), unit).map(E2eReport::csvField)
          .collect(Collectors.joining(","));
    }
  }

  final List<StepResult> steps = new ArrayList<>();
  /** The operator path on the second Loupe, with one change undone ({@link SecondLoupe}); empty without one. */
  final List<StepResult> secondLoupeSteps = new ArrayList<>();
  SecondLoupe secondLoupe = SecondLoupe.NONE;
  final List<ProjectionStep.Result> projections = new ArrayList<>();
  double inProcessImagesPerSecond = Double.NaN;

  E2eReport(String arguments, Map<String, String> machine, String loadAtStart) {
    super(arguments, machine, loadAtStart);
  }

  List<Goal> goals() {
    List<Goal> goals = new ArrayList<>();
    Optional<ProjectionStep.Result> flat = projection("loupe", "flat out");
    goals.add(flat.map(result -> new Goal("projection-only ≥ 2,000 events/s flat out",
            rate(result.eventsPerSecond()) + " events/s" + (result.complete ? "" : " (not all in by the end)"),
            yesNo(result.eventsPerSecond() >= PROJECTION_EVENTS_GOAL)))
        .orElse(new Goal("projection-only ≥ 2,000 events/s flat out", "not measured", "not measured")));
    Optional<ProjectionStep.Result> paced = projections.stream()
        .filter(result -> result.system.equals("loupe") && result.workload.startsWith("paced")).findFirst();
    goals.add(paced.map(result -> new Goal("projection lag p99 ≤ 1 s at " + rate(result.offeredEventsPerSecond)
            + " events/s offered", "p99 " + result.lag.format(99) + ", p50 " + result.lag.format(50),
            yesNo(!result.lag.lowerBound(99) && result.lag.percentile(99) <= LAG_GOAL_MILLIS)))
        .orElse(new Goal("projection lag p99 ≤ 1 s at 1,800 events/s offered", "not measured", "not measured")));
    Optional<StepResult> at25 = steps.stream()
        .filter(step -> step.path.equals("operator") && step.step.tasksPerSecond() == ASSISTANCE_GOAL_STEP)
        .findFirst();
    goals.add(at25.map(step -> {
      Samples searchable = step.assistanceToSearchable;
      String measured = "p99 " + searchable.format(99) + ", p50 " + searchable.format(50) + " (" + searchable.count()
          + " tasks sampled, " + searchable.censored() + " not searchable by the end; probe round p99 "
          + step.probeRound.format(99) + ")";
      String met = searchable.count() < MIN_TASKS_FOR_A_VERDICT ? "too few tasks to say"
          : yesNo(!searchable.lowerBound(99) && searchable.percentile(99) <= LAG_GOAL_MILLIS);
      return new Goal(ASSISTANCE_GOAL, measured, met);
    })
        .orElse(new Goal(ASSISTANCE_GOAL, "not measured", "not measured")));
    Optional<StepResult> bestOperator = best("operator");
    goals.add(bestOperator.map(step -> new Goal("operator path ≥ 50 tasks/s sustained (moonshot 100)",
            rate(step.sustainedTasksPerSecond()) + " tasks/s (best step: " + step.step.label() + " offered)",
            step.sustainedTasksPerSecond() >= OPERATOR_MOONSHOT ? "yes, moonshot too"
                : yesNo(step.sustainedTasksPerSecond() >= OPERATOR_GOAL)))
        .orElse(new Goal("operator path ≥ 50 tasks/s sustained (moonshot 100)", "not measured", "not measured")));
    Optional<StepResult> bestAutomatic = best("automatic");
    goals.add(bestAutomatic.map(step -> {
      double share = step.sustainedTasksPerSecond() / inProcessImagesPerSecond;
      return new Goal("automatic path ≥ 80 % of the in-process inference rate",
          percent(share) + " (" + rate(step.sustainedTasksPerSecond()) + " tasks/s at " + step.step.label()
              + " offered vs " + rate(inProcessImagesPerSecond) + " images/s in-process)",
          Double.isNaN(share) ? "not measured" : yesNo(share >= AUTOMATIC_SHARE_GOAL));
    }).orElse(new Goal("automatic path ≥ 80 % of the in-process inference rate", "not measured", "not measured")));
    return goals;
  }

  private Optional<StepResult> best(String path) {
    return steps.stream().filter(step -> step.path.equals(path))
        .max(java.util.Comparator.comparingDouble(StepResult::sustainedTasksPerSecond));
  }

  Optional<ProjectionStep.Result> projection(String system, String workloadPrefix) {
    return projections.stream()
        .filter(result -> result.system.equals(system) && result.workload.startsWith(workloadPrefix)).findFirst();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    header(md, "Loupe end-to-end benchmark");
    md.append("\n## Goals (issue 11)\n\n| goal | measured | met |\n| --- | --- | --- |\n");
    for (Goal goal : goals()) {
      md.append("| ").append(goal.goal()).append(" | ").append(goal.measured()).append(" | ").append(goal.met())
          .append(" |\n");
    }
    operatorTable(md);
    secondLoupeTable(md);
    automaticTable(md);
    stageTables(md);
    projectionTable(md);
    List<String> all = new ArrayList<>(notes());
    for (StepResult step : steps) {
      if (step.createFailures > 0 || !step.failures.isEmpty()) {
        all.add(step.path + ", " + offered(step) + ": " + step.createFailures + " creates failed"
            + (step.failures.isEmpty() ? "" : "; unfinished tasks by what went wrong: " + step.failures) + ".");
      }
    }
    notes(md, all);
    return md.toString();
  }

  private void operatorTable(StringBuilder md) {
    List<StepResult> operator = steps.stream().filter(step -> step.path.equals("operator")).toList();
    if (operator.isEmpty()) {
      return;
    }
    md.append("\n## Operator path\n\nCreate → waiting (polled by `GET /api/v1/tasks/{id}`) → claim → finish → callback "
        + "→ DONE. Each latency cell: p50 / p99; \"≥\" where tasks were still unfinished when the step gave up "
        + "waiting. AssistanceRequested → GET: from the event's `recordedTime` until a poll of the task (a realtime GET, "
        + "every 100 ms at best, stretched by the pollers' capacity when many tasks are in flight) showed it waiting. "
        + "AssistanceRequested → searchable: until the inbox probe's search of the `tasks` read model found it at "
        + "WAITING_FOR_OPERATOR or later (every other task, all of them in one search every 25 ms: the inbox's own "
        + "view, refresh included); the goal's figure. 429s: creates Loupe's admission control turned away at once "
        + "(ADR 0034). In the paced steps (open loop) a refused create is not sent again: it is neither created nor "
        + "completed. In the flat step (closed loop) the creator waits the answer's Retry-After and sends the same "
        + "request again, so one task may count several 429s; its latencies count from when it was first due. "
        + "Latencies are those of the tasks Loupe took.\n\n");
    md.append("| offered | due / created | 429s | completed | sustained tasks/s | create answer | create → inbox "
        + "| finish → callback "
        + "| create → DONE | AssistanceRequested → GET | AssistanceRequested → searchable | projection lag "
        + "| read model lag (reported) | ceiling |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (StepResult step : operator) {
      md.append("| ").append(offered(step)).append(" | ").append(step.due).append(" / ").append(step.created)
          .append(" | ").append(step.createsRefused)
          .append(" | ").append(step.completed)
          .append(" | ").append(rate(step.sustainedTasksPerSecond()))
          .append(" | ").append(pair(step.createAnswer))
          .append(" | ").append(pair(step.createToInbox))
          .append(" | ").append(pair(step.finishToCallback))
          .append(" | ").append(pair(step.createToDone))
          .append(" | ").append(pair(step.assistanceToVisible))
          .append(" | ").append(pair(step.assistanceToSearchable))
          .append(" | ").append(pair(step.projectionLag))
          .append(" | ").append(pair(step.readModelLagSeconds))
          .append(" | ").append(step.ceiling).append(" |\n");
    }
  }

  /** The operator path on this run's Loupe beside the second Loupe's, with one change undone, step by step. */
  private void secondLoupeTable(StringBuilder md) {
    if (secondLoupeSteps.isEmpty()) {
      return;
    }
    md.append("\n## Operator path: " + secondLoupe.title + "\n\nThe same operator steps on a second Loupe, "
        + "started after the first stopped, " + secondLoupe.description + ". Each cell: " + secondLoupe.cells
        + "; ratio: how many times better this Loupe is (tasks/s: this ÷ second; latencies: second ÷ this, at least "
        + "where the second's figure is a lower bound).\n\n");
    md.append("| offered | 429s | completed | sustained tasks/s | ratio | create → inbox p99 | ratio "
        + "| create → DONE p99 | ratio | AssistanceRequested → searchable p99 | ratio |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (StepResult first : steps.stream().filter(step -> step.path.equals("operator")).toList()) {
      Optional<StepResult> second = secondLoupeSteps.stream()
          .filter(step -> step.step.label().equals(first.step.label())).findFirst();
      if (second.isEmpty()) {
        continue;
      }
      StepResult old = second.get();
      md.append("| ").append(offered(first))
          .append(" | ").append(first.createsRefused).append(" / ").append(old.createsRefused)
          .append(" | ").append(first.completed).append(" / ").append(old.completed)
          .append(" | ").append(rate(first.sustainedTasksPerSecond())).append(" / ")
          .append(rate(old.sustainedTasksPerSecond()))
          .append(" | ").append(ratio(first.sustainedTasksPerSecond(), old.sustainedTasksPerSecond()));
      for (Function<StepResult, Samples> latency : List.<Function<StepResult, Samples>>of(
          step -> step.createToInbox, step -> step.createToDone, step -> step.assistanceToSearchable)) {
        Samples now = latency.apply(first);
        Samples before = latency.apply(old);
        md.append(" | ").append(now.count() == 0 ? "n/a" : now.format(99)).append(" / ")
            .append(before.count() == 0 ? "n/a" : before.format(99))
            .append(" | ").append(now.count() == 0 || before.count() == 0 || now.lowerBound(99) ? "n/a"
                : ratio(before.percentile(99), now.percentile(99)));
      }
      md.append(" |\n");
    }
  }

  private void automaticTable(StringBuilder md) {
    List<StepResult> automatic = steps.stream().filter(step -> step.path.equals("automatic")).toList();
    if (automatic.isEmpty()) {
      return;
    }
    md.append("\n## Automatic path\n\nA registered model (text detector, sampling 0, min confidence 0), 960 × 540 "
        + "synthetic shelf images served as PNG on loopback. In-process reference: " + rate(inProcessImagesPerSecond)
        + " images/s (decode + detector, ONNX Runtime in the harness's JVM, no server). Create → DONE: until the "
        + "settle probe, one search of the `tasks` read model every 50 ms for all the step's tasks not yet DONE, found "
        + "it DONE (the probe round's p99 is in its own column); the automatic path is not polled task by task.\n\n");
    md.append("| offered | due / created | 429s | completed | sustained tasks/s | ÷ in-process | create answer "
        + "| create → callback | create → DONE | probe round p99 | projection lag | ceiling |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (StepResult step : automatic) {
      md.append("| ").append(offered(step)).append(" | ").append(step.due).append(" / ").append(step.created)
          .append(" | ").append(step.createsRefused)
          .append(" | ").append(step.completed)
          .append(" | ").append(rate(step.sustainedTasksPerSecond()))
          .append(" | ").append(percent(step.sustainedTasksPerSecond() / inProcessImagesPerSecond))
          .append(" | ").append(pair(step.createAnswer))
          .append(" | ").append(pair(step.createToCallback))
          .append(" | ").append(pair(step.createToDone))
          .append(" | ").append(step.probeRound.format(99))
          .append(" | ").append(pair(step.projectionLag))
          .append(" | ").append(step.ceiling).append(" |\n");
    }
  }

  private void stageTables(StringBuilder md) {
    if (steps.isEmpty()) {
      return;
    }
    md.append("\n## Per-stage breakdown\n\nFrom the application's metrics, the difference between a scrape at the "
        + "start and one at the end of each step (offered time plus drain). Each cell: calls/s · mean ms per call · "
        + "utilization (busy time ÷ what the stage's threads could give; above 100 % when calls overlap and queue, as "
        + "concurrent model-server calls do). CPU: the whole machine's busy share "
        + "(other engineers' builds included) / the application JVM's share of all cores.\n\n");
    List<String> stageNames = steps.getFirst().stages.stream().map(StageLoad::stage).toList();
    md.append("| path | offered | ").append(String.join(" | ", stageNames))
        .append(" | Zeebe jobs completed/s | CPU machine / app | relay lag at end | tasks consumer backlog at end | ceiling |\n");
    md.append("| --- | --- |").append(" ---: |".repeat(stageNames.size())).append(" ---: | ---: | ---: | ---: | --- |\n");
    for (StepResult step : steps) {
      md.append("| ").append(step.path).append(" | ").append(offered(step)).append(" | ");
      for (StageLoad stage : step.stages) {
        md.append(stage.calls() == 0 ? "—" : rate(stage.callsPerSecond()) + " · " + Samples.millis(stage.meanMillis())
            .replace(" ms", "") + " · " + percent(stage.utilization())).append(" | ");
      }
      double window = (step.ended - step.began) / 1000;
      md.append(rate(step.jobsCompleted / window)).append(" | ").append(percent(step.systemCpu)).append(" / ")
          .append(percent(step.appCpu)).append(" | ")
          .append(Double.isNaN(step.relayLagAtEnd) ? "n/a" : number(step.relayLagAtEnd))
          .append(" | ").append(step.backlogAtEnd < 0 ? "n/a" : step.backlogAtEnd)
          .append(" | ").append(step.ceiling).append(" |\n");
    }
    md.append("\nThe journal's timeline: gaps between consecutive events' `recordedTime` of a sample of each step's "
        + "DONE tasks (p50 / p99). TaskCreated → DetectionRequested holds Zeebe starting the recipe and the "
        + "resolve-model job's wait and run; a worker's event → the next event is that job's wait in Zeebe and "
        + "its run.\n\n");
    for (StepResult step : steps) {
      if (step.journalGaps.isEmpty()) {
        continue;
      }
      md.append("**").append(step.path).append(", ").append(offered(step)).append("** (").append(step.journalsRead)
          .append(" tasks): ");
      md.append(step.journalGaps.entrySet().stream()
          .map(entry -> entry.getKey() + " " + pair(entry.getValue()))
          .collect(Collectors.joining("; "))).append("\n\n");
    }
  }

  private void projectionTable(StringBuilder md) {
    if (projections.isEmpty()) {
      return;
    }
    md.append("\n## Projection-only\n\nWell-formed task streams (nine events each, the operator path's) written "
        + "straight to the events topic, keyed by stream. `loupe`: the application's topic `loupe.events.task` and "
        + "its `tasks` alias. `baseline`: main's old projector rebuilt in the harness (one consumer thread; per "
        + "event GET, apply, index with external version) on a topic and index of its own, bounded by "
        + "`--baseline-budget`. Lag: publish → document at that version (every tenth event sampled, `_mget` every "
        + "25 ms).\n\n");
    md.append("| system | workload | events | events/s (flat: into the read model; paced: published) "
        + "| projector events/s (all it handled) | lag p50 | lag p99 | lag max | all in by the end |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (ProjectionStep.Result result : projections) {
      md.append("| ").append(result.system).append(" | ").append(result.workload).append(" | ").append(result.events)
          .append(" | ").append(rate(result.eventsPerSecond()))
          .append(" | ").append(rate(result.projectorEventsPerSecond))
          .append(" | ").append(result.lag.format(50)).append(" | ").append(result.lag.format(99))
          .append(" | ").append(result.lag.format(100))
          .append(" | ").append(result.complete ? "yes" : "no").append(" |\n");
    }
    Optional<ProjectionStep.Result> newFlat = projection("loupe", "flat out");
    Optional<ProjectionStep.Result> oldFlat = projection("baseline", "flat out");
    Optional<ProjectionStep.Result> newPaced = projection("loupe", "paced");
    Optional<ProjectionStep.Result> oldPaced = projection("baseline", "paced");
    if (newFlat.isPresent() && oldFlat.isPresent()) {
      md.append("\nNew ÷ baseline, flat out: **").append(ratio(newFlat.get().eventsPerSecond(),
          oldFlat.get().eventsPerSecond())).append("** events/s");
      if (newPaced.isPresent() && oldPaced.isPresent()) {
        if (newPaced.get().lag.lowerBound(99)) {
          md.append("; paced, lag p99: no ratio, the new read side's p99 is itself only a lower bound");
        } else {
          md.append("; paced, lag p99 baseline ÷ new: **").append(ratio(oldPaced.get().lag.percentile(99),
              newPaced.get().lag.percentile(99))).append("**")
              .append(oldPaced.get().lag.lowerBound(99) ? " (at least: the baseline's p99 is a lower bound)" : "");
        }
      }
      md.append(".\n");
    }
  }

  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    List<StepResult> all = new ArrayList<>(steps);
    all.addAll(secondLoupeSteps);
    for (StepResult step : all) {
      String label = step.step.label();
      String p = secondLoupeSteps.contains(step) ? step.path + " (second Loupe: " + secondLoupe.option + ")" : step.path;
      rows.add(new Row("step", p, label, "offered_tasks_per_s", step.offeredTasksPerSecond(), "tasks/s"));
      rows.add(new Row("step", p, label, "due", step.due, "tasks"));
      rows.add(new Row("step", p, label, "created", step.created, "tasks"));
      rows.add(new Row("step", p, label, "answers_429", step.createsRefused, "answers"));
      rows.add(new Row("step", p, label, "completed", step.completed, "tasks"));
      rows.add(new Row("step", p, label, "task_get_polls", step.pollCount, "requests"));
      rows.add(new Row("step", p, label, "sustained_tasks_per_s", step.sustainedTasksPerSecond(), "tasks/s"));
      latencies(rows, p, label, "create_answer", step.createAnswer);
      latencies(rows, p, label, "create_to_inbox", step.createToInbox);
      latencies(rows, p, label, "finish_to_callback", step.finishToCallback);
      latencies(rows, p, label, "create_to_callback", step.createToCallback);
      latencies(rows, p, label, "create_to_done", step.createToDone);
      latencies(rows, p, label, "assistance_recorded_to_get", step.assistanceToVisible);
      latencies(rows, p, label, "assistance_recorded_to_searchable", step.assistanceToSearchable);
      latencies(rows, p, label, "probe_round", step.probeRound);
      latencies(rows, p, label, "projection_lag", step.projectionLag);
      latencies(rows, p, label, "read_model_lag_reported", step.readModelLagSeconds);
      for (StageLoad stage : step.stages) {
        String name = stage.stage().replaceAll("[^a-z]+", "_").replaceAll("_+$", "");
        rows.add(new Row("stage", p, label, name + "_calls_per_s", stage.callsPerSecond(), "calls/s"));
        rows.add(new Row("stage", p, label, name + "_mean", stage.meanMillis(), "ms"));
        rows.add(new Row("stage", p, label, name + "_utilization", stage.utilization(), "ratio"));
      }
      rows.add(new Row("stage", p, label, "cpu_machine", step.systemCpu, "ratio"));
      rows.add(new Row("stage", p, label, "cpu_app", step.appCpu, "ratio"));
      rows.add(new Row("stage", p, label, "relay_lag_at_end", step.relayLagAtEnd, "events"));
      rows.add(new Row("stage", p, label, "tasks_consumer_backlog_at_end", step.backlogAtEnd, "events"));
      step.journalGaps.forEach((transition, samples) -> latencies(rows, p, label,
          "journal_gap " + transition, samples));
    }
    for (ProjectionStep.Result result : projections) {
      rows.add(new Row("projection", result.system, result.workload, "events", result.events, "events"));
      rows.add(new Row("projection", result.system, result.workload, "events_per_s", result.eventsPerSecond(),
          "events/s"));
      rows.add(new Row("projection", result.system, result.workload, "projector_events_per_s",
          result.projectorEventsPerSecond, "events/s"));
      latencies(rows, result.system, result.workload, "lag", result.lag);
    }
    rows.add(new Row("reference", "automatic", "in-process", "images_per_s", inProcessImagesPerSecond, "images/s"));
    return rows;
  }

  private static void latencies(List<Row> rows, String path, String step, String metric, Samples samples) {
    if (samples.count() == 0) {
      return;
    }
    rows.add(new Row("latency", path, step, metric + "_p50", samples.percentile(50), "ms"));
    rows.add(new Row("latency", path, step, metric + "_p99", samples.percentile(99), "ms"));
    rows.add(new Row("latency", path, step, metric + "_count", samples.count(), "samples"));
    rows.add(new Row("latency", path, step, metric + "_censored", samples.censored(), "samples"));
  }

  String csv() {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    rows().forEach(row -> csv.append(row.toCsv()).append('\n'));
    return csv.toString();
  }

  /** Writes both files into {@code directory}; answers the markdown. */
  @Override
  String write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String markdown = markdown();
    Files.writeString(directory.resolve("e2e-latest.md"), markdown);
    Files.writeString(directory.resolve("e2e-latest.csv"), csv());
    return markdown;
  }

  private static String offered(StepResult step) {
    return step.step.flat() ? "flat (" + rate(step.offeredTasksPerSecond()) + "/s)" : step.step.label();
  }

  private static String pair(Samples samples) {
    if (samples.count() == 0) {
      return "n/a";
    }
    return samples.format(50).replace(" ms", "") + " / " + samples.format(99);
  }

  static String rate(double value) {
    return StepResult.rate(value);
  }

  static String percent(double share) {
    return Double.isNaN(share) || Double.isInfinite(share) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", share * 100);
  }

  static String ratio(double numerator, double denominator) {
    double ratio = numerator / denominator;
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.2f×", ratio);
  }

  private static String yesNo(boolean met) {
    return met ? "yes" : "no";
  }

  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
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
