package dev.loupe.benchmarks.chaos;

import dev.loupe.benchmarks.MachineFacts;
import dev.loupe.benchmarks.chaos.ChaosRun.Fault;
import dev.loupe.benchmarks.chaos.ChaosRun.Kind;
import dev.loupe.benchmarks.chaos.ChaosRun.ReceiverWindow;
import dev.loupe.benchmarks.chaos.ChaosRun.TaskPath;
import dev.loupe.benchmarks.chaos.ChaosRun.Result;
import dev.loupe.benchmarks.chaos.Convergence.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.DoubleSummaryStatistics;
import java.util.Locale;

/** Writes {@code chaos-latest.md}: the seed and load, each fault with when and how long recovery took, the verdict. */
final class ChaosReport {

  private ChaosReport() {}

  static Path write(Result result, Path directory) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve("chaos-latest.md");
    Files.writeString(file, markdown(result, Instant.now()));
    return file;
  }

  static String markdown(Result result, Instant at) {
    ChaosOptions options = result.options();
    Verdict verdict = result.verdict();
    StringBuilder md = new StringBuilder();
    md.append("# Loupe chaos run\n\n");
    md.append("Run %s: `./loupe chaos --tasks=%d --faults=%d --rate=%s --operators=%d --settle=%d --seed=%d`.%n%n"
        .formatted(at, options.tasks(), options.faults(), number(options.rate()), options.operators(),
            options.settle().toSeconds(), options.seed()));
    md.append("| machine | |\n| --- | --- |\n");
    MachineFacts.collect().forEach((fact, value) -> md.append("| %s | %s |%n".formatted(fact, value)));
    md.append("| load average at the end | %s |%n%n".formatted(MachineFacts.loadAverage()));
    if (options.tasks() < ChaosOptions.DEFAULT_TASKS || options.faults() < ChaosOptions.DEFAULT_FAULTS) {
      md.append("""
          A bounded run: the arguments above are this run's, smaller than the default (%d tasks, %d faults).

          """.formatted(ChaosOptions.DEFAULT_TASKS, ChaosOptions.DEFAULT_FAULTS));
    }
    md.append("## Load\n\n");
    md.append("| | |\n| --- | ---: |\n");
    md.append("| tasks accepted (2xx; clients resend the same key until then) | %d |%n"
        .formatted(result.createdTotal()));
    md.append("| of which operator path / automatic path (text detector, sampling 0) / price-tag reading "
        + "| %d / %d / %d |%n"
        .formatted(result.created().getOrDefault(TaskPath.OPERATOR, 0),
            result.created().getOrDefault(TaskPath.AUTOMATIC, 0),
            result.created().getOrDefault(TaskPath.PRICE_TAGS, 0)));
    md.append("| cancelled by the client | %d |%n".formatted(result.cancelled()));
    md.append("| finished by an operator / of which price-tag readings corrected | %d / %d |%n"
        .formatted(result.finishedByOperators(), result.corrected()));
    md.append("| reprocessed by the client once told DONE | %d |%n".formatted(result.reprocessed()));
    md.append("| callbacks accepted by the receiver | %d |%n".formatted(result.history().callbacks().size()));
    md.append("| load, s | %s |%n".formatted(number(result.loadSeconds())));
    md.append("| settling after the load, s | %s |%n".formatted(number(result.settleSeconds())));
    md.append("| journal events / topic messages / read model documents | %d / %d / %d |%n%n".formatted(
        result.history().journal().size(), result.history().published().size(),
        result.history().documents().size()));
    md.append("## The client's callback receiver\n\n");
    md.append("| from, s | to, s | behaviour |\n| ---: | ---: | --- |\n");
    for (ReceiverWindow window : result.receiver()) {
      md.append("| %s | %s | %s |%n".formatted(number(window.fromSeconds()), number(window.toSeconds()),
          switch (window.mode()) {
            case DOWN -> "down: its port closed";
            case ERROR_500 -> "answers 500";
            case SLOW -> "slow: keeps the callback, answers after %d s (Loupe gives up after 20 s and sends it again)"
                .formatted(CallbackLog.SLOW_ANSWER.toSeconds());
            case UP -> "up";
          }));
    }
    md.append("\n## Faults\n\n");
    md.append("| # | at, s | fault | | all components healthy after, s |\n| ---: | ---: | --- | --- | ---: |\n");
    int n = 1;
    for (Fault fault : result.faults()) {
      md.append("| %d | %s | %s | %s | %s |%n".formatted(n++, number(fault.atSeconds()), fault.kind().label,
          fault.detail(), number(fault.recoverySeconds())));
    }
    md.append("%nStarts of Loupe that failed (exited, or not healthy within 6 minutes) and were tried again: %d.%n"
        .formatted(result.failedStarts()));
    md.append("\nFrom the fault to `/actuator/health` UP (every component: database, Elasticsearch, Kafka, Zeebe, "
        + "model server, relay, read models), per kind:\n\n");
    md.append("| fault | count | mean, s | max, s |\n| --- | ---: | ---: | ---: |\n");
    for (Kind kind : Kind.values()) {
      DoubleSummaryStatistics recovery = result.faults().stream().filter(fault -> fault.kind() == kind)
          .mapToDouble(Fault::recoverySeconds).summaryStatistics();
      if (recovery.getCount() > 0) {
        md.append("| %s | %d | %s | %s |%n".formatted(kind.label, recovery.getCount(), number(recovery.getAverage()),
            number(recovery.getMax())));
      }
    }
    md.append("\n## Verdict\n\n");
    md.append("| lost | duplicated | diverged | stuck | bad callbacks | converged |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | --- |\n");
    md.append("| %d | %d | %d | %d | %d | %s |%n".formatted(verdict.lost(), verdict.duplicated(), verdict.diverged(),
        verdict.stuck(), verdict.badCallbacks(), verdict.converged() ? "yes" : "**no**"));
    md.append("%nRead side at the end, dead letters waiting and streams quarantined per read model: %s.%n"
        .formatted(result.readSide()));
    if (!verdict.findings().isEmpty()) {
      md.append("\nFindings:\n\n");
      verdict.findings().stream().limit(50).forEach(finding -> md.append("- ").append(finding).append('\n'));
    }
    return md.toString();
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
  }
}
