package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.benchmarks.e2e.SyntheticTasks.Kind;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticTasksTest {

  private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");
  private static final int STREAMS = 4000;
  private static final Map<Kind, TaskStatus> INTENDED = Map.of(
      Kind.WAITING, TaskStatus.WAITING_FOR_OPERATOR,
      Kind.CLAIMED, TaskStatus.IN_PROGRESS,
      Kind.AUTOMATIC, TaskStatus.DONE,
      Kind.CHECKED, TaskStatus.DONE,
      Kind.DRAWN, TaskStatus.DONE,
      Kind.CANCELLED, TaskStatus.CANCELLED,
      Kind.REPROCESSED, TaskStatus.DONE);

  private final SyntheticTasks tasks = new SyntheticTasks(5, START, 91);

  @Test
  void shouldFoldEveryStreamWithTheDomainsFoldToTheStatusItsKindIntends() {
    for (int i = 0; i < STREAMS; i++) {
      // given
      SyntheticTasks.Stream stream = tasks.stream(i);

      // when
      TaskState state = VolumeExpectations.fold(stream);

      // then
      assertThat(state.status()).as("stream %d (%s)", i, stream.kind()).isEqualTo(INTENDED.get(stream.kind()));
      assertThat(state.clientId()).isEqualTo(stream.clientId());
      assertThat(state.type()).isEqualTo(stream.type());
      assertThat(state.classGroup().key()).isEqualTo(stream.classGroupKey());
      assertThat(state.version()).isEqualTo(stream.events().size() - 1);
    }
  }

  @Test
  void shouldRoundTripEveryEventThroughTheProjectsCodec() {
    TaskEventCodec codec = new TaskEventCodec(new ObjectMapper());
    for (int i = 0; i < 500; i++) {
      for (SyntheticTasks.Timed timed : tasks.stream(i).events()) {
        // given
        TaskEventTypes.StoredType type = TaskEventTypes.of(timed.event());

        // when
        TaskEvent decoded = codec.decode("e", type.name(), type.schemaVersion(), codec.encode(timed.event()));

        // then
        assertThat(decoded).isEqualTo(timed.event());
      }
    }
  }

  @Test
  void shouldMixTheKindsAsIntendedAndKeepEventTimesInOrderWithinTheSpan() {
    // when
    VolumeExpectations expected = VolumeExpectations.of(tasks, STREAMS);

    // then
    for (Kind kind : Kind.values()) {
      assertThat(expected.kinds.get(kind) / (double) STREAMS).as(kind.name()).isCloseTo(kind.percent / 100.0,
          within(0.03));
    }
    assertThat(expected.statusesByClient).containsOnlyKeys(SyntheticTasks.CLIENTS);
    assertThat(expected.runsByMonth.keySet()).contains(YearMonth.of(2026, 9), YearMonth.of(2026, 10),
        YearMonth.of(2026, 11));
    long runs = expected.runsByMonth.values().stream().mapToLong(Long::longValue).sum();
    long ended = expected.kinds.entrySet().stream()
        .mapToLong(e -> switch (e.getKey()) {
          case WAITING, CLAIMED -> 0;
          case REPROCESSED -> 2 * e.getValue();
          default -> e.getValue();
        }).sum();
    assertThat(runs).isEqualTo(ended);
    assertThat(expected.sessionsByOperatorAndDay).isNotEmpty();
    for (int i = 0; i < 200; i++) {
      SyntheticTasks.Stream stream = tasks.stream(i);
      Instant previous = START;
      for (SyntheticTasks.Timed timed : stream.events()) {
        assertThat(timed.eventTime()).isAfterOrEqualTo(previous);
        previous = timed.eventTime();
      }
    }
  }

  @Test
  void shouldMakeTheSameStreamFromTheSameSeedAndIndex() {
    // when
    SyntheticTasks.Stream once = tasks.stream(42);
    SyntheticTasks.Stream again = new SyntheticTasks(5, START, 91).stream(42);

    // then
    assertThat(again).isEqualTo(once);
    assertThat(tasks.stream(43).taskId()).isNotEqualTo(once.taskId());
  }
}
