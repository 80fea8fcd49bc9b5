package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageLoadTest {

  private static final String START = """
      # HELP loupe_journal_append_seconds journal appends
      loupe_journal_append_seconds_count 10
      loupe_journal_append_seconds_sum 0.5
      hikaricp_connections_max{pool="HikariPool-1"} 10.0
      spring_kafka_listener_seconds_count{exception="none",name="tasks-projector-0",result="success"} 100
      spring_kafka_listener_seconds_sum{exception="none",name="tasks-projector-0",result="success"} 2.0
      spring_kafka_template_seconds_count{exception="none",name="kafkaTemplate",result="success"} 100
      spring_kafka_template_seconds_sum{exception="none",name="kafkaTemplate",result="success"} 1.0
      """;
  private static final String END = """
      loupe_journal_append_seconds_count 210
      loupe_journal_append_seconds_sum 2.5
      hikaricp_connections_max{pool="HikariPool-1"} 10.0
      spring_kafka_listener_seconds_count{exception="none",name="tasks-projector-0",result="success"} 500
      spring_kafka_listener_seconds_sum{exception="none",name="tasks-projector-0",result="success"} 11.5
      spring_kafka_template_seconds_count{exception="none",name="kafkaTemplate",result="success"} 600
      spring_kafka_template_seconds_sum{exception="none",name="kafkaTemplate",result="success"} 2.0
      """;

  @Test
  void shouldTakeEachStagesWorkBetweenTwoScrapes() {
    // when: a 10 s window
    List<StageLoad> stages = StageLoad.between(PrometheusSnapshot.parse(START), PrometheusSnapshot.parse(END), 10, 2);

    // then
    StageLoad journal = stage(stages, "journal append");
    assertThat(journal.calls()).isEqualTo(200);
    assertThat(journal.meanMillis()).isEqualTo(10);
    assertThat(journal.utilization()).isEqualTo(0.02);
    StageLoad projector = stage(stages, "tasks projector");
    assertThat(projector.capacity()).isEqualTo(1);
    assertThat(projector.utilization()).isEqualTo(0.95);
    assertThat(stage(stages, "inference (model server calls)").calls()).isZero();
  }

  @Test
  void shouldNameTheSaturatedStageAsTheCeiling() {
    List<StageLoad> stages = StageLoad.between(PrometheusSnapshot.parse(START), PrometheusSnapshot.parse(END), 10, 2);
    assertThat(StageLoad.ceiling(stages, 0.5)).isEqualTo("tasks projector");
  }

  @Test
  void shouldNameTheMachinesCpuWhenNoStageIsSaturatedButTheCoresAre() {
    List<StageLoad> stages = List.of(new StageLoad("journal append", "m", 1, 100, 10, 10),
        new StageLoad("tasks projector", "m", 3, 100, 1, 10));
    assertThat(StageLoad.ceiling(stages, 0.95)).isEqualTo("the machine's CPU");
    assertThat(StageLoad.ceiling(stages, 0.4)).isEqualTo("none: the offered load");
    assertThat(StageLoad.ceiling(stages, Double.NaN)).isEqualTo("none: the offered load");
  }

  @Test
  void shouldNeverNameTheRelayWhoseSendsOverlap() {
    List<StageLoad> stages = List.of(new StageLoad("relay (send to Kafka)", "m", 9, 100, 1, 10, false),
        new StageLoad("tasks projector", "m", 5, 100, 1, 10));
    assertThat(StageLoad.ceiling(stages, 0.5)).isEqualTo("none: the offered load");
  }

  @Test
  void shouldSpreadAProjectorsWorkOverItsListenerThreads() {
    String end = """
        spring_kafka_listener_seconds_count{name="tasks-projector-0"} 10
        spring_kafka_listener_seconds_sum{name="tasks-projector-0"} 8
        spring_kafka_listener_seconds_count{name="tasks-projector-1"} 10
        spring_kafka_listener_seconds_sum{name="tasks-projector-1"} 8
        spring_kafka_listener_seconds_count{name="model-evaluations-projector-0"} 10
        spring_kafka_listener_seconds_sum{name="model-evaluations-projector-0"} 1
        """;
    List<StageLoad> stages = StageLoad.between(PrometheusSnapshot.EMPTY, PrometheusSnapshot.parse(end), 10, 2);
    assertThat(stage(stages, "tasks projector").capacity()).isEqualTo(2);
    assertThat(stage(stages, "tasks projector").utilization()).isEqualTo(0.8);
    assertThat(stage(stages, "model-evaluations projector").busySeconds()).isEqualTo(1);
  }

  private static StageLoad stage(List<StageLoad> stages, String name) {
    return stages.stream().filter(stage -> stage.stage().equals(name)).findFirst().orElseThrow();
  }
}
