package dev.loupe.benchmarks.chaos;

import dev.loupe.benchmarks.MachineFacts;
import dev.loupe.benchmarks.chaos.ChaosRun.Fault;
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
    md.append("## Load\n\n");
    md.append("| | |\n| --- | ---: |\n");
    md.append("| tasks accepted (2xx; clients resend the same key until then) | %d |%n".formatted(result.created()));
    md.append("| cancelled by the client | %d |%n".formatted(result.cancelled()));
    md.append("| finished by an operator | %d |%n".formatted(result.finishedByOperators()));
    md.append("| load, s | %s |%n".formatted(number(result.loadSeconds())));
    md.append("| settling after the load, s | %s |%n".formatted(number(result.settleSeconds())));
    md.append("| journal events / topic messages / read model documents | %d / %d / %d |%n%n".formatted(
        result.history().journal().size(), result.history().published().size(),
        result.history().documents().size()));
    md.append("## Faults\n\n");
    md.append("| # | at, s | fault | healthy again after, s |\n| ---: | ---: | --- | ---: |\n");
    int n = 1;
    for (Fault fault : result.faults()) {
      md.append("| %d | %s | %s | %s |%n".formatted(n++, number(fault.atSeconds()), fault.kind(),
          number(fault.recoverySeconds())));
    }
    DoubleSummaryStatistics recovery = result.faults().stream().mapToDouble(Fault::recoverySeconds)
        .summaryStatistics();
    if (recovery.getCount() > 0) {
      md.append("%nRecovery (SIGKILL → healthy): mean %s s, max %s s.%n".formatted(number(recovery.getAverage()),
          number(recovery.getMax())));
    }
    md.append("\n## Verdict\n\n");
    md.append("| lost | duplicated | diverged | stuck | bad callbacks | converged |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | --- |\n");
    md.append("| %d | %d | %d | %d | %d | %s |%n".formatted(verdict.lost(), verdict.duplicated(), verdict.diverged(),
        verdict.stuck(), verdict.badCallbacks(), verdict.converged() ? "yes" : "**no**"));
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
