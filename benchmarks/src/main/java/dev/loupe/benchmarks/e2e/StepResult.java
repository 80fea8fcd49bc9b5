package dev.loupe.benchmarks.e2e;

import dev.loupe.benchmarks.e2e.E2eOptions.LoadStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one load step of a task path measured; filled in by {@link TaskStep}, read by the report. */
final class StepResult {

  final String path;
  final LoadStep step;
  double began;
  double offeredEnd;
  double ended;
  /** Creates the step meant to send: paced, every one due in the window; flat, every one started. */
  int due;
  int created;
  int createFailures;
  /** 429 answers to creates (admission control): paced steps drop the task, the flat step sends it again. */
  int createsRefused;
  int completed;
  int done;
  double firstCreate;
  double lastCallback;
  long pollCount;
  int journalsRead;
  double jobsCompleted;
  double systemCpu = Double.NaN;
  double appCpu = Double.NaN;
  String loadAverage = "unknown";
  String ceiling = "n/a";
  long backlogAtEnd = -1;
  /** {@code loupe_relay_lag_events} at the step's end: journal events not yet published by the relay. */
  double relayLagAtEnd = Double.NaN;
  final Samples createAnswer = new Samples();
  final Samples createToInbox = new Samples();
  final Samples finishToCallback = new Samples();
  final Samples createToCallback = new Samples();
  final Samples createToDone = new Samples();
  final Samples assistanceToVisible = new Samples();
  final Samples assistanceToSearchable = new Samples();
  /** How long each round of the inbox probe took, its sleep included: the resolution of assistanceToSearchable. */
  final Samples probeRound = new Samples();
  final Samples projectionLag = new Samples();
  Samples readModelLagSeconds = new Samples();
  Samples readModelLagEvents = new Samples();
  final Map<String, Samples> journalGaps = new LinkedHashMap<>();
  final Map<String, Integer> failures = new LinkedHashMap<>();
  List<StageLoad> stages = List.of();

  StepResult(String path, LoadStep step) {
    this.path = path;
    this.step = step;
  }

  void window(double began, double offeredEnd, double ended) {
    this.began = began;
    this.offeredEnd = offeredEnd;
    this.ended = ended;
  }

  /** Offered tasks/s: the step's rate, or what the creators managed when flat out. */
  double offeredTasksPerSecond() {
    if (!step.flat()) {
      return step.tasksPerSecond();
    }
    double seconds = (offeredEnd - began) / 1000;
    return seconds > 0 ? created / seconds : Double.NaN;
  }

  /** Completed tasks (callback received) over the time from the step's first create to its last callback. */
  double sustainedTasksPerSecond() {
    double seconds = (lastCallback - firstCreate) / 1000;
    return completed > 0 && seconds > 0 ? completed / seconds : 0;
  }

  static String rate(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  }
}
