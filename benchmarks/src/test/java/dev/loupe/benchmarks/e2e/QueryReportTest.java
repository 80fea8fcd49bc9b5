package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryReportTest {

  @Test
  void shouldSayTheReadModelsKeepUpOnlyAtTheFlatOutRateAndOnlyWhenTheRelayWasNotTheLimit() {
    // given: tasks flat out at 2,000 events/s; 60,000 events appended, all on the topic after 20 s
    QueryReport report = report(2_000, 20, Map.of("tasks", 21.0, "billing", 22.0));

    // then: (60,000 − 30,000) / (22 − 15) s = 4,286 events/s ≥ 2,000
    assertThat(report.goals().getFirst().met()).isEqualTo("yes");

    // given: the relay took 50 s (857 events/s after the appends), each read model at backlog 0 right after it
    QueryReport relayBound = report(2_000, 50, Map.of("tasks", 51.0, "billing", 53.0));

    // then
    assertThat(relayBound.goals().getFirst().met()).startsWith("not shown: every read model kept up");

    // given: billing caught up long after the relay
    QueryReport behind = report(2_000, 50, Map.of("tasks", 51.0, "billing", 90.0));

    // then
    assertThat(behind.goals().getFirst().met()).isEqualTo("no");
  }

  @Test
  void shouldJudgeAQueryByItsP99OnlyWhenEveryAnswerWasPlausible() throws Exception {
    // given
    QueryReport report = report(2_000, 20, Map.of("tasks", 21.0));
    QueryStep.Query list = new QueryStep.Query("task manager: filtered list", "GET /api/v1/tasks",
        List.of(new QueryStep.Variant("/api/v1/tasks?size=1", answer -> null)));
    QueryStep.Result fast = new QueryStep.Result(list);
    for (int i = 1; i <= 100; i++) {
      fast.latency.add(i);
    }
    QueryStep.Result implausible = new QueryStep.Result(list);
    implausible.latency.add(5);
    implausible.problems.add("/api/v1/tasks?size=1: empty");
    report.queries.addAll(List.of(fast, implausible));

    // when
    List<E2eReport.Goal> goals = report.goals();

    // then
    assertThat(goals.get(1).met()).isEqualTo("yes");
    assertThat(goals.get(2).met()).isEqualTo("no answer to trust");
    Path out = Files.createTempDirectory("query-report");
    assertThat(report.write(out)).contains("| task manager: filtered list | GET /api/v1/tasks | 1 | 100 |");
    assertThat(Files.readString(out.resolve("queries-latest.csv")))
        .startsWith(E2eReport.CSV_HEADER)
        .contains("query,task manager: filtered list,,p99,99,ms");
  }

  private static QueryReport report(double flatOutEventsPerSecond, double relaySeconds, Map<String, Double> caughtUp) {
    QueryReport report = new QueryReport("", Map.of(), "0.00 0.00 0.00");
    report.flatOut = new ProjectionStep.Result("loupe", "flat out");
    report.flatOut.events = 10_000;
    report.flatOut.applied = 10_000;
    report.flatOut.seconds = 10_000 / flatOutEventsPerSecond;
    report.flatOut.complete = true;
    report.volume = new VolumeStep.Result();
    report.volume.appended = new JournalLoader.Appended(8_000, 60_000, 15);
    report.volume.relaySeconds = relaySeconds;
    report.volume.appendEndSeconds = 15;
    report.volume.publishedAtAppendEnd = 30_000;
    // each read model had handled 30,000 events when the appends ended
    caughtUp.forEach((name, seconds) -> report.volume.readModels.put(name,
        new VolumeStep.CatchUp(name, seconds, 0, 30_000)));
    return report;
  }
}
