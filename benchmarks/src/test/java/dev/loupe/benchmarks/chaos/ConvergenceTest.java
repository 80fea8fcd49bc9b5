package dev.loupe.benchmarks.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.benchmarks.chaos.Convergence.Verdict;
import dev.loupe.benchmarks.chaos.History.AcceptedCreate;
import dev.loupe.benchmarks.chaos.History.Callback;
import dev.loupe.benchmarks.chaos.History.JournalEntry;
import dev.loupe.benchmarks.chaos.History.PublishedMessage;
import dev.loupe.benchmarks.chaos.History.Reprocessed;
import dev.loupe.benchmarks.chaos.History.TaskDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker checks itself: a clean history converges, and each bug planted on purpose is counted where it belongs. */
class ConvergenceTest {

  private static final String STREAM = "task-t1";

  /** Task t1: created by request r1, worked by job 7, reported by job 9; each append its own transaction. */
  private static List<JournalEntry> journal() {
    return new ArrayList<>(List.of(
        new JournalEntry("e0", STREAM, 0, 1, 100, "TaskCreated", "r1"),
        new JournalEntry("e1", STREAM, 1, 2, 101, "AssistanceRequested", "job-7"),
        new JournalEntry("e2", STREAM, 2, 3, 101, "OperatorAssigned", "job-7"),
        new JournalEntry("e3", STREAM, 3, 4, 102, "TaskReported", "job-9")));
  }

  private static List<PublishedMessage> published(List<JournalEntry> journal) {
    List<PublishedMessage> messages = new ArrayList<>();
    for (JournalEntry event : journal) {
      messages.add(new PublishedMessage(event.eventId(), event.streamId(), event.version(), 0, messages.size()));
    }
    return messages;
  }

  private static final Map<String, TaskDocument> DONE = Map.of("t1", new TaskDocument("t1", 3, "DONE"));
  private static final List<Callback> CALLED_BACK = List.of(new Callback("t1", "DONE", "{\"status\":\"DONE\"}", true));
  private static final List<AcceptedCreate> ACCEPTED = List.of(new AcceptedCreate("r1", "t1"));

  private static History clean() {
    List<JournalEntry> journal = journal();
    return new History(journal, published(journal), DONE, DONE, CALLED_BACK, ACCEPTED);
  }

  @Test
  void aCleanHistoryWithARedeliveredMessageConverges() {
    History history = clean();
    List<PublishedMessage> redelivered = new ArrayList<>(history.published());
    redelivered.add(new PublishedMessage("e2", STREAM, 2, 0, 4));
    redelivered.add(new PublishedMessage("e3", STREAM, 3, 0, 5));

    Verdict verdict = Convergence.check(new History(history.journal(), redelivered, DONE, DONE,
        List.of(CALLED_BACK.getFirst(), CALLED_BACK.getFirst()), ACCEPTED));

    assertThat(verdict.findings()).isEmpty();
    assertThat(verdict.converged()).isTrue();
  }

  @Test
  void anEventTheRelaySkippedIsLost() {
    History history = clean();
    List<PublishedMessage> skipped = new ArrayList<>(history.published());
    skipped.remove(2);

    Verdict verdict = Convergence.check(new History(history.journal(), skipped, DONE, DONE, CALLED_BACK, ACCEPTED));

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.converged()).isFalse();
    assertThat(verdict.findings()).singleElement().asString().contains("task-t1 v2 (OperatorAssigned");
  }

  @Test
  void aJobsEventsAppendedTwiceAreDuplicated() {
    List<JournalEntry> doubled = journal();
    doubled.add(3, new JournalEntry("e2b", STREAM, 3, 5, 103, "OperatorAssigned", "job-7"));
    List<JournalEntry> renumbered = new ArrayList<>(doubled.subList(0, 4));
    renumbered.add(new JournalEntry("e3", STREAM, 4, 6, 104, "TaskReported", "job-9"));
    Map<String, TaskDocument> folds = Map.of("t1", new TaskDocument("t1", 4, "DONE"));

    Verdict verdict = Convergence.check(new History(renumbered, published(renumbered), folds, folds, CALLED_BACK,
        ACCEPTED));

    assertThat(verdict.duplicated()).isEqualTo(1);
    assertThat(verdict.lost()).isZero();
    assertThat(verdict.diverged()).isZero();
  }

  @Test
  void oneEventIdJournaledTwiceIsDuplicated() {
    List<JournalEntry> journal = journal();
    journal.set(3, new JournalEntry("e2", STREAM, 3, 4, 102, "TaskReported", "job-9"));

    Verdict verdict = Convergence.check(new History(journal, published(journal), DONE, DONE, CALLED_BACK, ACCEPTED));

    assertThat(verdict.duplicated()).isEqualTo(1);
  }

  @Test
  void aGapInAStreamsVersionsDiverges() {
    List<JournalEntry> journal = journal();
    journal.remove(1);

    Verdict verdict = Convergence.check(new History(journal, published(journal), DONE, DONE, CALLED_BACK, ACCEPTED));

    assertThat(verdict.diverged()).isEqualTo(1);
    assertThat(verdict.findings()).singleElement().asString().contains("version 2 where 1 was next");
  }

  @Test
  void aNewEventPublishedBehindANewerOneDiverges() {
    History history = clean();
    List<PublishedMessage> reordered = new ArrayList<>(history.published());
    reordered.add(1, reordered.remove(3));

    Verdict verdict = Convergence.check(new History(history.journal(), reordered, DONE, DONE, CALLED_BACK, ACCEPTED));

    assertThat(verdict.diverged()).isEqualTo(2);
  }

  @Test
  void aReadModelDocumentBehindItsStreamDiverges() {
    History history = clean();
    Map<String, TaskDocument> stale = Map.of("t1", new TaskDocument("t1", 2, "IN_PROGRESS"));

    Verdict verdict = Convergence.check(new History(history.journal(), history.published(), stale, DONE, CALLED_BACK,
        ACCEPTED));

    assertThat(verdict.diverged()).isEqualTo(1);
    assertThat(verdict.findings()).singleElement().asString()
        .isEqualTo("task t1: the read model holds v2 IN_PROGRESS, the journal folds to v3 DONE");
  }

  @Test
  void aTaskRestingBetweenStepsIsStuckAndItsFindingNamesItsLastEventsAndTheirCauses() {
    History history = clean();
    Map<String, TaskDocument> midway = Map.of("t1", new TaskDocument("t1", 3, "RESULT_GENERATED"));

    Verdict verdict = Convergence.check(new History(history.journal(), history.published(), midway, midway, List.of(),
        ACCEPTED));

    assertThat(verdict.stuck()).isEqualTo(1);
    assertThat(verdict.badCallbacks()).isZero();
    assertThat(verdict.findings()).singleElement().asString().isEqualTo("task t1 rests at RESULT_GENERATED (v3); its "
        + "last events: v1 AssistanceRequested (job-7), v2 OperatorAssigned (job-7), v3 TaskReported (job-9)");
  }

  @Test
  void anAcceptedCreateWithoutItsTaskIsLostAndAKeyThatMadeTwoTasksIsDuplicated() {
    History history = clean();
    List<AcceptedCreate> accepted = List.of(new AcceptedCreate("r1", "t1"), new AcceptedCreate("r2", "t2"),
        new AcceptedCreate("r1", "t3"));

    Verdict verdict = Convergence.check(new History(history.journal(), history.published(), DONE, DONE, CALLED_BACK,
        accepted));

    assertThat(verdict.lost()).isEqualTo(2);
    assertThat(verdict.duplicated()).isEqualTo(1);
  }

  @Test
  void aTaskWhoseOnlyCallbackIsBadlySignedCountsOnce() {
    History history = clean();
    List<Callback> badlySigned = List.of(new Callback("t1", "DONE", "{\"status\":\"DONE\"}", false));

    Verdict verdict = Convergence.check(new History(history.journal(), history.published(), DONE, DONE, badlySigned,
        ACCEPTED));

    assertThat(verdict.badCallbacks()).isEqualTo(1);
  }

  @Test
  void aRedeliveryWithAnotherBodyABadSignatureAndAnUntoldOutcomeAreBadCallbacks() {
    History history = clean();
    Map<String, TaskDocument> twoDone = Map.of("t1", new TaskDocument("t1", 3, "DONE"),
        "t2", new TaskDocument("t2", 3, "DONE"));
    List<Callback> callbacks = List.of(CALLED_BACK.getFirst(),
        new Callback("t1", "DONE", "{\"status\":\"DONE\",\"objects\":[]}", true),
        new Callback("t1", "DONE", "{\"status\":\"DONE\"}", false));

    Verdict verdict = Convergence.check(new History(history.journal(), history.published(), twoDone, twoDone,
        callbacks, ACCEPTED));

    assertThat(verdict.badCallbacks()).isEqualTo(3);
  }

  @Test
  void aReprocessedTasksEarlierRunMayCallBackWithAnotherBodyButItsLastRunsRedeliveriesMayNot() {
    History history = clean();
    List<Callback> twoRuns = List.of(
        new Callback("t1", "DONE", "{\"status\":\"DONE\",\"objects\":[\"first run\"]}", true),
        new Callback("t1", "DONE", "{\"status\":\"DONE\",\"objects\":[\"first run\"]}", true),
        new Callback("t1", "DONE", "{\"status\":\"DONE\"}", true),
        new Callback("t1", "DONE", "{\"status\":\"DONE\",\"objects\":[\"planted\"]}", true));

    Verdict verdict = Convergence.check(new History(history.journal(), history.published(), DONE, DONE, twoRuns,
        ACCEPTED, List.of(new Reprocessed("t1", 2))));

    assertThat(verdict.badCallbacks()).isEqualTo(1);
    assertThat(verdict.findings()).containsExactly("callback of task t1: a body unlike its run's first delivery's");
  }
}
