package dev.loupe.benchmarks.chaos;

import dev.loupe.benchmarks.chaos.Convergence.Verdict;
import java.net.URI;
import java.util.List;

/**
 * {@code ./loupe chaos check}: checks the history of a running Loupe (by default the local distribution on its
 * default ports) and prints what it breaks. Without a load of its own it knows no callbacks nor create answers, so
 * it checks the journal, the topic, the tasks read model and where each task rests. Exits 1 when the history does
 * not converge.
 */
public final class ConvergenceCheck {

  private ConvergenceCheck() {}

  public static void main(String[] args) throws Exception {
    String postgres = option(args, "--postgres", "127.0.0.1:15432");
    String kafka = option(args, "--kafka", "127.0.0.1:19092");
    URI elasticsearch = URI.create(option(args, "--elasticsearch", "http://127.0.0.1:19200"));
    String role = option(args, "--role", "loupe_app");
    String password = option(args, "--password", "loupe");
    History history = new HistoryReader(postgres, kafka, elasticsearch).read(role, password, List.of(), List.of(), List.of());
    Verdict verdict = Convergence.check(history);
    System.out.printf("journal events %d, topic messages %d, tasks %d, read model documents %d%n",
        history.journal().size(), history.published().size(), history.folds().size(), history.documents().size());
    System.out.printf("lost %d, duplicated %d, diverged %d, stuck %d%n", verdict.lost(), verdict.duplicated(),
        verdict.diverged(), verdict.stuck());
    verdict.findings().forEach(finding -> System.out.println("  " + finding));
    System.out.println(verdict.converged() ? "converged" : "NOT converged");
    System.exit(verdict.converged() ? 0 : 1);
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
