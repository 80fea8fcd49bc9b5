package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.benchmarks.e2e.E2eOptions.LoadStep;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class E2eReportTest {

  @Test
  void shouldStateEachGoalMetOrNot() {
    // given
    E2eReport report = report();

    // when
    List<E2eReport.Goal> goals = report.goals();

    // then
    assertThat(goals).extracting(E2eReport.Goal::met).containsExactly("yes", "no", "yes", "no", "no");
    assertThat(goals.get(0).measured()).isEqualTo("2500 events/s");
    assertThat(goals.get(1).measured()).startsWith("p99 ≥ 5000 ms");
    assertThat(goals.get(3).measured()).contains("20.0 tasks/s (best step: 25/s offered)");
    assertThat(goals.get(4).measured()).startsWith("40 % (2.00 tasks/s at 4/s offered vs 5.00 images/s in-process)");
  }

  @Test
  void shouldGiveNoVerdictOnTooFewTasksAndCountTasksNeverSearchableAgainstTheGoal() {
    // given: 25 tasks/s offered, 2 tasks found by the inbox probe quickly
    E2eReport report = new E2eReport("", Map.of(), "1.0");
    StepResult step = new StepResult("operator", new LoadStep(25));
    step.assistanceToSearchable.add(150);
    step.assistanceToSearchable.add(250);
    report.steps.add(step);

    // then
    assertThat(report.goals().get(2).met()).isEqualTo("too few tasks to say");

    // when 18 more were recorded as waiting but never found by the end
    IntStream.range(0, 18).forEach(i -> step.assistanceToSearchable.addCensored(20_000));

    // then
    assertThat(report.goals().get(2).met()).isEqualTo("no");
    assertThat(report.goals().get(2).measured()).contains("20 tasks sampled, 18 not searchable by the end");
  }

  @Test
  void shouldSayNotMeasuredForPathsThatDidNotRun() {
    E2eReport report = new E2eReport("--paths=projection", Map.of(), "1.0");
    assertThat(report.goals()).extracting(E2eReport.Goal::met).containsOnly("not measured");
  }

  @Test
  void shouldRenderTablesAndNewOverBaselineRatios() {
    // when
    String markdown = report().markdown();

    // then
    assertThat(markdown)
        .contains("| projection-only ≥ 2,000 events/s flat out | 2500 events/s | yes |")
        .contains("## Operator path")
        .contains("| 25/s | 30 / 30 | 0 | 30 | 20.0 |")
        .contains("## Automatic path")
        .contains("| loupe | flat out | 9000 | 2500 | n/a |")
        .contains("| baseline | flat out | 900 | 25.0 |")
        .contains("New ÷ baseline, flat out: **100×** events/s")
        .contains("tasks projector");
  }

  @Test
  void shouldWriteOneNumberACsvLine() {
    // when
    List<String> lines = report().csv().lines().toList();

    // then
    assertThat(lines.getFirst()).isEqualTo(E2eReport.CSV_HEADER);
    assertThat(lines).contains("step,operator,25/s,sustained_tasks_per_s,20,tasks/s")
        .contains("projection,loupe,flat out,events_per_s,2500,events/s")
        .contains("reference,automatic,in-process,images_per_s,5,images/s")
        .anyMatch(line -> line.startsWith("latency,operator,25/s,assistance_recorded_to_searchable_p99,"));
    assertThat(lines).allMatch(line -> line.split(",", -1).length == 6 || line.contains("\""));
  }

  private static E2eReport report() {
    E2eReport report = new E2eReport("--duration=5", Map.of("cores (JVM)", "2"), "1.5");
    StepResult operator = new StepResult("operator", new LoadStep(25));
    operator.window(0, 1500, 3000);
    operator.due = 30;
    operator.created = 30;
    operator.completed = 30;
    operator.firstCreate = 0;
    operator.lastCallback = 1500;
    IntStream.rangeClosed(1, 30).forEach(i -> operator.assistanceToSearchable.add(i * 10));
    operator.ceiling = "tasks projector";
    operator.stages = List.of(new StageLoad("tasks projector", "m", 2.9, 300, 1, 3));
    report.steps.add(operator);
    StepResult automatic = new StepResult("automatic", new LoadStep(4));
    automatic.window(0, 1000, 2000);
    automatic.created = 4;
    automatic.completed = 4;
    automatic.lastCallback = 2000;
    automatic.stages = List.of(new StageLoad("tasks projector", "m", 0.1, 30, 1, 2));
    report.steps.add(automatic);
    report.inProcessImagesPerSecond = 5;
    ProjectionStep.Result flat = new ProjectionStep.Result("loupe", "flat out");
    flat.events = 9000;
    flat.applied = 9000;
    flat.seconds = 3.6;
    flat.complete = true;
    report.projections.add(flat);
    ProjectionStep.Result paced = new ProjectionStep.Result("loupe", "paced 1800 events/s");
    paced.offeredEventsPerSecond = 1800;
    paced.lag.add(100);
    paced.lag.addCensored(5000);
    report.projections.add(paced);
    ProjectionStep.Result baseline = new ProjectionStep.Result("baseline", "flat out");
    baseline.events = 900;
    baseline.applied = 500;
    baseline.seconds = 20;
    report.projections.add(baseline);
    return report;
  }
}
