package dev.loupe.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The learning-curve benchmark's report, {@code learning-latest.md} and {@code learning-latest.csv}: issue 17's
 * goals, the kept-suggestion rate per segment of verified objects beside the two baselines, the suggestion call's
 * round trip, and every training run with the challenger gate's decision.
 */
final class LearningReport extends RunReport {

  static final double KEPT_GOAL = 0.9;
  static final int KEPT_GOAL_AFTER = 500;
  static final double TRAINING_GOAL_SECONDS = 30;
  static final String CSV_HEADER = "section,segment,metric,value,unit";

  record Goal(String goal, String measured, String met) {}

  private final List<Integer> checkpoints;
  final LearningCurve curve = new LearningCurve();
  final List<TrainingOutcome> runs = new ArrayList<>();

  LearningReport(String arguments, Map<String, String> machine, String loadAtStart, List<Integer> checkpoints) {
    super(arguments, machine, loadAtStart);
    this.checkpoints = List.copyOf(checkpoints);
  }

  List<Goal> goals() {
    List<LearningCurve.Observation> late = curve.observations().stream()
        .filter(o -> o.verifiedBefore() >= KEPT_GOAL_AFTER).toList();
    List<Goal> goals = new ArrayList<>();
    if (late.isEmpty()) {
      goals.add(new Goal("≥ 90 % of suggestions kept after 500 verified objects", "not measured", "not measured"));
      goals.add(new Goal("clearly above both baselines after 500", "not measured", "not measured"));
    } else {
      double kept = share(late, LearningCurve.Observation::kept);
      double majority = share(late, o -> o.truth().equals(o.majorityClass()));
      double colour = share(late, o -> o.truth().equals(o.nearestMeanColour()));
      goals.add(new Goal("≥ 90 % of suggestions kept after 500 verified objects",
          percent(kept) + " of " + late.size() + " boxes", yesNo(kept >= KEPT_GOAL)));
      goals.add(new Goal("clearly above both baselines after 500", percent(kept) + " vs majority class "
          + percent(majority) + ", nearest mean colour " + percent(colour),
          yesNo(kept >= majority + 0.1 && kept >= colour + 0.1)));
    }
    double slowest = runs.stream().mapToDouble(TrainingOutcome::trainingSeconds).filter(s -> !Double.isNaN(s))
        .max().orElse(Double.NaN);
    goals.add(new Goal("training under 30 s", Double.isNaN(slowest) ? "not measured"
        : "slowest run " + seconds(slowest) + " of " + runs.size(),
        Double.isNaN(slowest) ? "not measured" : yesNo(slowest < TRAINING_GOAL_SECONDS)));
    return goals;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    header(md, "Loupe learning-curve benchmark");
    md.append("\n## Goals (issue 17)\n\n| goal | measured | met |\n| --- | --- | --- |\n");
    goals().forEach(goal -> md.append("| ").append(goal.goal()).append(" | ").append(goal.measured()).append(" | ")
        .append(goal.met()).append(" |\n"));
    md.append("\n## Suggestions kept as verified objects grow\n\n")
        .append("A segment holds the boxes drawn while the number of verified objects was in its range. \"kept\": the ")
        .append("suggested class was the operator's label; a box without a suggestion (204) counts as not kept. The ")
        .append("baselines guess from the objects verified before each box. Round trip: the suggestion call over ")
        .append("HTTP (crop, features, inference), p50 / p95.\n\n")
        .append("| verified objects | boxes | suggested | kept | majority class | nearest mean colour "
            + "| model versions | round trip p50 / p95 |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
    for (LearningCurve.Segment segment : curve.segments(checkpoints)) {
      md.append("| ").append(segment.label()).append(" | ").append(segment.objects()).append(" | ")
          .append(segment.suggested()).append(" | ").append(percent(segment.keptShare())).append(" | ")
          .append(percent(segment.majorityShare())).append(" | ").append(percent(segment.colourShare())).append(" | ")
          .append(segment.versions().isEmpty() ? "none" : String.join(", ", segment.versions())).append(" | ")
          .append(segment.suggestLatency().format(50)).append(" / ").append(segment.suggestLatency().format(95))
          .append(" |\n");
    }
    md.append("\n## Training runs and the challenger gate\n\n")
        .append("| at verified | trigger | outcome | training | request → end | challenger | champion "
            + "| dataset position | reason |\n")
        .append("| ---: | --- | --- | ---: | ---: | --- | --- | --- | --- |\n");
    for (TrainingOutcome run : runs) {
      md.append("| ").append(run.verifiedAtTrigger() < 0 ? "–" : Integer.toString(run.verifiedAtTrigger()))
          .append(" | ").append(run.trigger()).append(" | ").append(run.status()).append(" | ")
          .append(seconds(run.trainingSeconds())).append(" | ").append(seconds(run.harnessSeconds())).append(" | ")
          .append(model(run.challengerVersion(), run.challengerAccuracy())).append(" | ")
          .append(model(run.championVersion(), run.championAccuracy())).append(" | ")
          .append(run.datasetPosition().isEmpty() ? "–" : run.datasetPosition()).append(" | ")
          .append(run.reason().isEmpty() ? "–" : run.reason().replace("|", "\\|")).append(" |\n");
    }
    notes(md, notes());
    return md.toString();
  }

  List<String> csvRows() {
    List<String> rows = new ArrayList<>();
    for (LearningCurve.Segment segment : curve.segments(checkpoints)) {
      String label = segment.label();
      rows.add(row("suggestions", label, "boxes", segment.objects(), "count"));
      rows.add(row("suggestions", label, "suggested", segment.suggested(), "count"));
      rows.add(row("suggestions", label, "kept", segment.keptShare(), "share"));
      rows.add(row("suggestions", label, "majority_class_kept", segment.majorityShare(), "share"));
      rows.add(row("suggestions", label, "nearest_mean_colour_kept", segment.colourShare(), "share"));
      rows.add(row("suggestions", label, "round_trip_p50", segment.suggestLatency().percentile(50), "ms"));
      rows.add(row("suggestions", label, "round_trip_p95", segment.suggestLatency().percentile(95), "ms"));
    }
    for (TrainingOutcome run : runs) {
      String label = run.runId() + " " + run.status();
      rows.add(row("training", label, "verified_at_trigger", run.verifiedAtTrigger(), "count"));
      rows.add(row("training", label, "training_time", run.trainingSeconds(), "s"));
      rows.add(row("training", label, "request_to_end", run.harnessSeconds(), "s"));
      rows.add(row("training", label, "challenger_accuracy", run.challengerAccuracy(), "share"));
      rows.add(row("training", label, "champion_accuracy", run.championAccuracy(), "share"));
    }
    return rows;
  }

  String csv() {
    return Stream.concat(Stream.of(CSV_HEADER), csvRows().stream()).collect(Collectors.joining("\n", "", "\n"));
  }

  @Override
  String write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String markdown = markdown();
    Files.writeString(directory.resolve("learning-latest.md"), markdown);
    Files.writeString(directory.resolve("learning-latest.csv"), csv());
    return markdown;
  }

  private static String row(String section, String segment, String metric, double value, String unit) {
    return Stream.of(section, segment, metric, E2eReport.number(value), unit).map(E2eReport::csvField)
        .collect(Collectors.joining(","));
  }

  private static double share(List<LearningCurve.Observation> observations,
      java.util.function.Predicate<LearningCurve.Observation> hit) {
    return (double) observations.stream().filter(hit).count() / observations.size();
  }

  private static String model(String version, double accuracy) {
    return version.isEmpty() ? "–" : "v" + version + " (" + percent(accuracy) + ")";
  }

  static String seconds(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f s", value);
  }

  private static String percent(double share) {
    return E2eReport.percent(share);
  }

  private static String yesNo(boolean met) {
    return met ? "yes" : "no";
  }
}
