package dev.loupe.benchmarks.chaos;

import dev.loupe.benchmarks.chaos.History.AcceptedCreate;
import dev.loupe.benchmarks.chaos.History.Callback;
import dev.loupe.benchmarks.chaos.History.JournalEntry;
import dev.loupe.benchmarks.chaos.History.PublishedMessage;
import dev.loupe.benchmarks.chaos.History.Reprocessed;
import dev.loupe.benchmarks.chaos.History.TaskDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a run's {@link History} once everything settled, Jepsen's way: from what the servers hold, not from what
 * anyone logged. Each check counts what it found wrong; a converged run counts 0 everywhere.
 */
public final class Convergence {

  /** How many of a stuck task's last events its finding names. */
  private static final int LAST_EVENTS = 3;

  /** Where a task may rest once the load stopped: a terminal status, or waiting for a person. */
  static final Set<String> AT_REST = Set.of("DONE", "REJECTED", "CANCELLED", "WAITING_FOR_OPERATOR", "IN_PROGRESS");

  private Convergence() {}

  /**
   * What the history breaks.
   *
   * @param lost journal events missing from the topic, and accepted creates without their task
   * @param duplicated events journaled twice (one event id twice, or one cause appended by two transactions), and
   *     idempotency keys that made two tasks
   * @param diverged read model documents that differ from their stream's fold, and streams whose versions have a gap
   *     or go backwards on the topic
   * @param stuck tasks that rest nowhere they may rest
   * @param badCallbacks callbacks that disagree with the task's final status, with each other, or carry a bad signature
   * @param findings one line per thing found, for the report
   */
  public record Verdict(int lost, int duplicated, int diverged, int stuck, int badCallbacks, List<String> findings) {

    public boolean converged() {
      return lost + duplicated + diverged + stuck + badCallbacks == 0;
    }
  }

  public static Verdict check(History history) {
    List<String> findings = new ArrayList<>();
    int duplicated = duplicatedEvents(history.journal(), findings) + duplicatedCreates(history.accepted(), findings);
    int diverged = versionGaps(history.journal(), findings) + versionsBackwards(history.published(), findings)
        + divergedDocuments(history.documents(), history.folds(), findings);
    int lost = unpublished(history.journal(), history.published(), findings)
        + lostCreates(history.accepted(), history.folds(), findings);
    int stuck = stuck(history.folds(), history.journal(), findings);
    int badCallbacks = badCallbacks(history.callbacks(), history.folds(), history.reprocessed(), findings);
    return new Verdict(lost, duplicated, diverged, stuck, badCallbacks, List.copyOf(findings));
  }

  /** One event id twice, or one cause in a stream appended by more than one transaction. */
  static int duplicatedEvents(List<JournalEntry> journal, List<String> findings) {
    int count = 0;
    Set<String> ids = new HashSet<>();
    Map<String, Long> appendOfCause = new HashMap<>();
    for (JournalEntry event : journal) {
      if (!ids.add(event.eventId())) {
        count++;
        findings.add("event id %s journaled twice".formatted(event.eventId()));
      }
      if (event.causationId() == null) {
        continue;
      }
      Long first = appendOfCause.putIfAbsent(event.streamId() + " " + event.causationId(), event.transactionId());
      if (first != null && first != event.transactionId()) {
        count++;
        findings.add("%s v%d (%s): cause %s was appended before, by another transaction"
            .formatted(event.streamId(), event.version(), event.type(), event.causationId()));
      }
    }
    return count;
  }

  /** Each stream's versions run 0, 1, 2… in position order. */
  static int versionGaps(List<JournalEntry> journal, List<String> findings) {
    int count = 0;
    Map<String, Long> next = new HashMap<>();
    for (JournalEntry event : journal) {
      long expected = next.getOrDefault(event.streamId(), 0L);
      if (event.version() != expected) {
        count++;
        findings.add("%s: version %d where %d was next".formatted(event.streamId(), event.version(), expected));
      }
      next.put(event.streamId(), event.version() + 1);
    }
    return count;
  }

  /** Redelivery is allowed (at least once); per stream and partition, a version never follows a newer one. */
  static int versionsBackwards(List<PublishedMessage> published, List<String> findings) {
    int count = 0;
    Map<String, Long> newest = new HashMap<>();
    Map<String, Long> seenAt = new HashMap<>();
    for (PublishedMessage message : published) {
      String key = message.streamId() + " " + message.partition();
      Long before = newest.get(key);
      boolean redelivery = seenAt.containsKey(message.eventId());
      if (before != null && message.version() < before && !redelivery) {
        count++;
        findings.add("%s: version %d published after version %d (partition %d, offset %d)"
            .formatted(message.streamId(), message.version(), before, message.partition(), message.offset()));
      }
      newest.merge(key, message.version(), Math::max);
      seenAt.putIfAbsent(message.eventId(), message.offset());
    }
    return count;
  }

  /** Every journal event reached the topic at least once. */
  static int unpublished(List<JournalEntry> journal, List<PublishedMessage> published, List<String> findings) {
    Set<String> onTheTopic = published.stream().map(PublishedMessage::eventId).collect(Collectors.toSet());
    List<JournalEntry> missing = journal.stream().filter(event -> !onTheTopic.contains(event.eventId())).toList();
    missing.stream().limit(20).forEach(event -> findings.add("%s v%d (%s, position %d) never reached the topic"
        .formatted(event.streamId(), event.version(), event.type(), event.position())));
    return missing.size();
  }

  /** Each task's document is its journal stream's fold: same version, same status. */
  static int divergedDocuments(Map<String, TaskDocument> documents, Map<String, TaskDocument> folds,
      List<String> findings) {
    int count = 0;
    for (TaskDocument fold : folds.values()) {
      TaskDocument document = documents.get(fold.taskId());
      if (!fold.equals(document)) {
        count++;
        findings.add("task %s: the read model holds %s, the journal folds to v%d %s".formatted(fold.taskId(),
            document == null ? "nothing" : "v" + document.version() + " " + document.status(), fold.version(),
            fold.status()));
      }
    }
    return count;
  }

  /**
   * A task whose journal stops in a status that is neither terminal nor waiting for an operator. The finding names the
   * stream's last events and their causes (the job, run or request that appended each), where the hunt for why the
   * next step never came begins.
   */
  static int stuck(Map<String, TaskDocument> folds, List<JournalEntry> journal, List<String> findings) {
    List<TaskDocument> stuck = folds.values().stream().filter(fold -> !AT_REST.contains(fold.status())).toList();
    stuck.stream().limit(20).forEach(fold -> {
      List<JournalEntry> stream = journal.stream()
          .filter(event -> event.streamId().equals("task-" + fold.taskId()))
          .sorted(Comparator.comparingLong(JournalEntry::version))
          .toList();
      String last = stream.subList(Math.max(0, stream.size() - LAST_EVENTS), stream.size()).stream()
          .map(event -> "v%d %s (%s)".formatted(event.version(), event.type(), event.causationId()))
          .collect(Collectors.joining(", "));
      findings.add("task %s rests at %s (v%d); its last events: %s"
          .formatted(fold.taskId(), fold.status(), fold.version(), last));
    });
    return stuck.size();
  }

  static int lostCreates(List<AcceptedCreate> accepted, Map<String, TaskDocument> folds, List<String> findings) {
    int count = 0;
    for (AcceptedCreate create : accepted) {
      if (!folds.containsKey(create.taskId())) {
        count++;
        findings.add("create %s was accepted as task %s, which the journal does not hold"
            .formatted(create.idempotencyKey(), create.taskId()));
      }
    }
    return count;
  }

  static int duplicatedCreates(List<AcceptedCreate> accepted, List<String> findings) {
    Map<String, Set<String>> tasksOfKey = new LinkedHashMap<>();
    accepted.forEach(create -> tasksOfKey.computeIfAbsent(create.idempotencyKey(), key -> new HashSet<>())
        .add(create.taskId()));
    int count = 0;
    for (Map.Entry<String, Set<String>> key : tasksOfKey.entrySet()) {
      if (key.getValue().size() > 1) {
        count += key.getValue().size() - 1;
        findings.add("idempotency key %s made tasks %s".formatted(key.getKey(), key.getValue()));
      }
    }
    return count;
  }

  /**
   * Every accepted callback is signed, and a redelivery carries the same body as its run's first delivery (its
   * signature's timestamp may differ). The last run's callbacks carry the task's final status; a reprocessed task's
   * earlier runs ({@link Reprocessed} marks where each ended) carried the outcome they ended with, DONE or REJECTED.
   * Tasks whose outcome was told (DONE, REJECTED) got at least one.
   */
  static int badCallbacks(List<Callback> callbacks, Map<String, TaskDocument> folds, List<Reprocessed> reprocessed,
      List<String> findings) {
    Map<String, List<Callback>> byTask = new LinkedHashMap<>();
    callbacks.forEach(callback -> byTask.computeIfAbsent(callback.taskId(), task -> new ArrayList<>()).add(callback));
    Map<String, List<Integer>> runEnds = new HashMap<>();
    reprocessed.forEach(mark -> runEnds.computeIfAbsent(mark.taskId(), task -> new ArrayList<>())
        .add(mark.callbacksBefore()));
    int count = 0;
    for (Map.Entry<String, List<Callback>> task : byTask.entrySet()) {
      TaskDocument fold = folds.get(task.getKey());
      List<Integer> ends = runEnds.getOrDefault(task.getKey(), List.of()).stream().sorted().toList();
      String runFirstBody = null;
      int run = 0;
      for (int n = 0; n < task.getValue().size(); n++) {
        while (run < ends.size() && n >= ends.get(run)) {
          run++;
          runFirstBody = null;
        }
        Callback callback = task.getValue().get(n);
        boolean lastRun = run == ends.size();
        String problem = null;
        if (!callback.signatureValid()) {
          problem = "a bad signature";
        } else if (fold == null) {
          problem = "status " + callback.status() + " while the task is unknown";
        } else if (lastRun && !fold.status().equals(callback.status())) {
          problem = "status " + callback.status() + " while the task is " + fold.status();
        } else if (!lastRun && !Set.of("DONE", "REJECTED").contains(callback.status())) {
          problem = "status " + callback.status() + " in a run that was reprocessed after it";
        } else if (runFirstBody == null) {
          runFirstBody = callback.body();
        } else if (!runFirstBody.equals(callback.body())) {
          problem = "a body unlike its run's first delivery's";
        }
        if (problem != null) {
          count++;
          findings.add("callback of task %s: %s".formatted(callback.taskId(), problem));
        }
      }
    }
    for (TaskDocument fold : folds.values()) {
      if (Set.of("DONE", "REJECTED").contains(fold.status()) && !byTask.containsKey(fold.taskId())) {
        count++;
        findings.add("task %s is %s but its client was never called back".formatted(fold.taskId(), fold.status()));
      }
    }
    return count;
  }

}
