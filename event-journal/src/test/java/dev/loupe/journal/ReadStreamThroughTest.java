package dev.loupe.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A consumer reading a stream for a message the relay just delivered: PostgreSQL may make the message's transaction
 * visible a moment after the relay streamed it (the chaos run of 2026-12-03 dead-lettered a TaskReported that way).
 */
class ReadStreamThroughTest {

  private final EventJournal journal = mock(EventJournal.class, withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));

  @Test
  void shouldReadTheStreamAgainUntilItHoldsTheVersionTheMessageNamed() {
    when(journal.readStream("task-1", 0)).thenReturn(events(18), events(18), events(19));

    List<RecordedEvent> read = journal.readStreamThrough("task-1", 19, Duration.ofSeconds(5));

    assertThat(read).extracting(RecordedEvent::version).endsWith(19L);
    verify(journal, times(3)).readStream("task-1", 0);
  }

  @Test
  void shouldReturnWhatTheJournalHoldsOnceThePatienceRunsOut() {
    when(journal.readStream("task-1", 0)).thenReturn(events(18));

    List<RecordedEvent> read = journal.readStreamThrough("task-1", 19, Duration.ofMillis(60));

    assertThat(read).extracting(RecordedEvent::version).endsWith(18L);
  }

  @Test
  void shouldReadOnceWhenTheStreamAlreadyHoldsTheVersion() {
    when(journal.readStream("task-1", 0)).thenReturn(events(19));

    journal.readStreamThrough("task-1", 12, Duration.ofSeconds(5));
    journal.readStreamThrough("task-1", -1, Duration.ofSeconds(5));

    verify(journal, times(2)).readStream("task-1", 0);
  }

  @Test
  void shouldReadOnceForNoVersionOrNoPatienceEvenWhenTheStreamIsEmpty() {
    when(journal.readStream("task-1", 0)).thenReturn(List.of());

    journal.readStreamThrough("task-1", -1, Duration.ofSeconds(5));
    journal.readStreamThrough("task-1", 3, Duration.ZERO);

    verify(journal, times(2)).readStream("task-1", 0);
  }

  @Test
  void shouldRefuseToAnswerWhenInterruptedWhileItWaitsAndKeepTheInterrupt() {
    when(journal.readStream("task-1", 0)).thenReturn(events(18));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> journal.readStreamThrough("task-1", 19, Duration.ofSeconds(5)))
          .isInstanceOf(TransientDataAccessResourceException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  /** Versions 0 to {@code last} of the stream. */
  private static List<RecordedEvent> events(long last) {
    return LongStream.rangeClosed(0, last)
        .mapToObj(version -> new RecordedEvent(UUID.randomUUID(), "task-1", version, version, 1, "TaskCreated", 1,
            Instant.EPOCH, Instant.EPOCH, "{}", null))
        .toList();
  }
}
