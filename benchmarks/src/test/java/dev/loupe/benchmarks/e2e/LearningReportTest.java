package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningReportTest {

  private final LearningReport report = new LearningReport("", Map.of("cores", "2"), "0.5", List.of(50, 500));

  @Test
  void shouldCutObservationsIntoSegmentsByTheVerifiedObjectsBeforeThem() {
    // given
    report.curve.add(observation(0, "cola-can", null, "cola-can"));
    report.curve.add(observation(49, "cola-can", null, "tea-box"));
    report.curve.add(observation(50, "cola-can", "cola-can", "cola-can"));
    report.curve.add(observation(120, "tea-box", "cola-can", "cola-can"));
    report.curve.add(observation(600, "tea-box", "tea-box", "cola-can"));

    // when
    List<LearningCurve.Segment> segments = report.curve.segments(List.of(50, 500));

    // then
    assertThat(segments).extracting(LearningCurve.Segment::label).containsExactly("0–49", "50–499", "500+");
    assertThat(segments).extracting(LearningCurve.Segment::objects).containsExactly(2, 2, 1);
    assertThat(segments).extracting(LearningCurve.Segment::suggested).containsExactly(0, 2, 1);
    assertThat(segments).extracting(LearningCurve.Segment::kept).containsExactly(0, 1, 1);
    assertThat(segments.get(0).majorityShare()).isEqualTo(0.5);
    assertThat(segments.get(1).versions()).containsExactly("2");
  }

  @Test
  void shouldMeetTheKeptGoalOnlyAtNinetyPercentAfterFiveHundredAndClearlyAboveTheBaselines() {
    // given: after 500, 9 of 10 kept, the majority class right once
    for (int i = 0; i < 10; i++) {
      report.curve.add(observation(500 + i, "tea-box", i < 9 ? "tea-box" : "cola-can", i == 0 ? "tea-box" : "x"));
    }

    // when
    List<LearningReport.Goal> goals = report.goals();

    // then
    assertThat(goals.get(0).measured()).startsWith("90 % of 10 boxes");
    assertThat(goals.get(0).met()).isEqualTo("yes");
    assertThat(goals.get(1).met()).isEqualTo("yes");
    assertThat(goals.get(2).met()).isEqualTo("not measured");
  }

  @Test
  void shouldReportEachTrainingRunWithTheGatesDecision() throws Exception {
    // given
    JsonNode run = LoupeApi.JSON.readTree("""
        {"runId":"r1","classGroup":"bench-products","trigger":"MANUAL","startedAt":"2026-12-03T12:00:00Z",
         "finishedAt":"2026-12-03T12:00:12.500Z","status":"KEPT_CHAMPION","datasetPosition":4711,
         "challenger":{"version":"3","accuracy":0.81},"champion":{"version":"2","accuracy":0.84},
         "reason":"challenger 81 % is not 2 points above champion 84 %"}""");

    // when
    report.runs.add(TrainingOutcome.of(run, 500, 14.2));
    String markdown = report.markdown();

    // then
    assertThat(markdown).contains("| 500 | MANUAL | KEPT_CHAMPION | 12.5 s | 14.2 s | v3 (81 %) | v2 (84 %) | 4711 "
        + "| challenger 81 % is not 2 points above champion 84 % |");
    assertThat(report.goals().get(2)).isEqualTo(new LearningReport.Goal("training under 30 s", "slowest run 12.5 s of 1",
        "yes"));
    assertThat(report.csv()).startsWith(LearningReport.CSV_HEADER + "\n")
        .contains("training,r1 KEPT_CHAMPION,training_time,12.5000,s");
  }

  @Test
  void shouldShowAFirstRunWithoutChampion() throws Exception {
    // given
    JsonNode run = LoupeApi.JSON.readTree("""
        {"runId":"r0","trigger":"POLICY","startedAt":"2026-12-03T12:00:00Z","finishedAt":null,"status":"FAILED",
         "challenger":null,"champion":null,"reason":"too little data: 40 objects"}""");

    // when
    report.runs.add(TrainingOutcome.of(run, -1, Double.NaN));

    // then
    assertThat(report.markdown()).contains("| – | POLICY | FAILED | n/a | n/a | – | – | – | too little data: 40 objects |");
  }

  private static LearningCurve.Observation observation(int verifiedBefore, String truth, String suggested,
      String majority) {
    return new LearningCurve.Observation(verifiedBefore, truth, suggested, suggested == null ? Double.NaN : 0.9,
        suggested == null ? null : "2", 12.0, majority, null);
  }
}
