package dev.loupe.benchmarks.e2e;

import dev.loupe.task.Task;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the read models should answer about the synthetic streams, worked out from the streams themselves: each
 * task's status by the domain's own fold ({@link Task#evolve}), the billed runs per month and client, the closed
 * sessions per operator and day, the waiting tasks per type and class group. The query step checks the answers
 * against it, so that it measures real work on the whole data set.
 */
final class VolumeExpectations {

  final int tasks;
  final Map<TaskStatus, Long> statuses = new TreeMap<>();
  final Map<String, Map<TaskStatus, Long>> statusesByClient = new TreeMap<>();
  final Map<SyntheticTasks.Kind, Long> kinds = new TreeMap<>();
  final Map<YearMonth, Long> runsByMonth = new TreeMap<>();
  final Map<YearMonth, Map<String, Long>> runsByMonthAndClient = new TreeMap<>();
  final Map<String, Map<LocalDate, Long>> sessionsByOperatorAndDay = new TreeMap<>();
  /** Tasks waiting for an operator, by type, then class group. */
  final Map<String, Map<String, Long>> waiting = new TreeMap<>();

  private VolumeExpectations(int tasks) {
    this.tasks = tasks;
  }

  /** Folds streams 0..{@code count}-1 of {@code tasks}. */
  static VolumeExpectations of(SyntheticTasks tasks, int count) {
    VolumeExpectations expected = new VolumeExpectations(count);
    for (int i = 0; i < count; i++) {
      expected.add(tasks.stream(i));
    }
    return expected;
  }

  /** The domain's fold of a synthetic stream, event by event at its versions. */
  static TaskState fold(SyntheticTasks.Stream stream) {
    TaskState state = TaskState.initial(stream.taskId());
    for (int version = 0; version < stream.events().size(); version++) {
      state = Task.evolve(state, stream.events().get(version).event(), version);
    }
    return state;
  }

  private void add(SyntheticTasks.Stream stream) {
    TaskStatus status = fold(stream).status();
    statuses.merge(status, 1L, Long::sum);
    statusesByClient.computeIfAbsent(stream.clientId(), c -> new TreeMap<>()).merge(status, 1L, Long::sum);
    kinds.merge(stream.kind(), 1L, Long::sum);
    for (SyntheticTasks.Run run : stream.runs()) {
      runsByMonth.merge(run.month(), 1L, Long::sum);
      runsByMonthAndClient.computeIfAbsent(run.month(), m -> new TreeMap<>()).merge(run.clientId(), 1L, Long::sum);
    }
    for (SyntheticTasks.Session session : stream.sessions()) {
      sessionsByOperatorAndDay.computeIfAbsent(session.operatorId(), o -> new TreeMap<>())
          .merge(session.day(), 1L, Long::sum);
    }
    if (status == TaskStatus.WAITING_FOR_OPERATOR) {
      waiting.computeIfAbsent(stream.type(), t -> new TreeMap<>()).merge(stream.classGroupKey(), 1L, Long::sum);
    }
  }

  long waiting(String type) {
    return waiting.getOrDefault(type, Map.of()).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The {@code count} busiest operator days, busiest first: an operator's day with real work in it. */
  List<Map.Entry<String, LocalDate>> busiestOperatorDays(int count) {
    Map<Map.Entry<String, LocalDate>, Long> days = new HashMap<>();
    sessionsByOperatorAndDay.forEach((operator, byDay) ->
        byDay.forEach((day, sessions) -> days.put(Map.entry(operator, day), sessions)));
    return days.entrySet().stream()
        .sorted(Map.Entry.<Map.Entry<String, LocalDate>, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(entry -> entry.getKey().getKey() + entry.getKey().getValue()))
        .limit(count).map(Map.Entry::getKey).toList();
  }

  long sessions(String operator, LocalDate day) {
    return sessionsByOperatorAndDay.getOrDefault(operator, Map.of()).getOrDefault(day, 0L);
  }
}
