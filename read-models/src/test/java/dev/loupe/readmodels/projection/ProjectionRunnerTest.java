package dev.loupe.readmodels.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.Upcasters;
import dev.loupe.readmodels.JournalMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

class ProjectionRunnerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ReadModelDefinition READ_MODEL = new ReadModelDefinition("tasks", "{}", "1s", "group", "task");

  private final ReadModelIndexes indexes = mock(ReadModelIndexes.class);
  private final DeadLetterPublishingRecoverer deadLetters = mock(DeadLetterPublishingRecoverer.class);
  private final Consumer<?, ?> consumer = mock(Consumer.class);
  private final ProjectionRunner runner = new ProjectionRunner(indexes, deadLetters, new Upcasters(List.of(), JSON),
      JSON, new SimpleMeterRegistry());

  /** Records what it was asked to project, per target, and rejects what it is told to. */
  private static final class FakeProjection implements Projection {
    private final List<String> targets = new ArrayList<>();
    private final List<List<JournalMessage>> batches = new ArrayList<>();
    private final List<Long> rejectVersions;
    private final IOException failure;

    FakeProjection(List<Long> rejectVersions, IOException failure) {
      this.rejectVersions = rejectVersions;
      this.failure = failure;
    }

    @Override
    public ReadModelDefinition definition() {
      return READ_MODEL;
    }

    @Override
    public List<Rejected> project(List<JournalMessage> events, String target) throws IOException {
      targets.add(target);
      batches.add(events);
      if (failure != null) {
        throw failure;
      }
      return events.stream().filter(event -> rejectVersions.contains(event.version()))
          .map(event -> new Rejected(event, "rejected in " + target)).toList();
    }

    @Override
    public void repair(String streamId, String target) {}

    @Override
    public Set<String> covered(List<JournalMessage> events, String target) {
      return Set.of();
    }
  }

  @Test
  void shouldSendARecordThatIsNoJournalEventToTheDeadLettersAndProjectTheRest() throws Exception {
    when(indexes.targets(READ_MODEL)).thenReturn(List.of("tasks"));
    FakeProjection projection = new FakeProjection(List.of(), null);
    ConsumerRecord<String, String> broken = record(1, "{not json");

    runner.run(projection, List.of(record(0, event(0)), broken, record(2, event(1))), consumer);

    assertThat(projection.batches).singleElement().asList().hasSize(2);
    verify(deadLetters).accept(eq(broken), eq(consumer), any(ProjectionRunner.UnusableEvent.class));
  }

  @Test
  void shouldNotProjectABatchOfOnlyUnreadableRecords() throws Exception {
    FakeProjection projection = new FakeProjection(List.of(), null);
    ConsumerRecord<String, String> broken = record(0, "{\"version\":\"two\"}");

    runner.run(projection, List.of(broken), consumer);

    assertThat(projection.batches).isEmpty();
    verify(deadLetters).accept(eq(broken), eq(consumer), any(ProjectionRunner.UnusableEvent.class));
  }

  @Test
  void shouldProjectIntoTheRebuildsIndexFirstAndDeadLetterOnlyWhatTheLiveIndexRejects() throws Exception {
    when(indexes.targets(READ_MODEL)).thenReturn(List.of("tasks-next", "tasks"));
    FakeProjection projection = new FakeProjection(List.of(1L), null);
    ConsumerRecord<String, String> rejected = record(1, event(1));

    runner.run(projection, List.of(record(0, event(0)), rejected), consumer);

    assertThat(projection.targets).containsExactly("tasks-next", "tasks");
    verify(deadLetters).accept(eq(rejected), eq(consumer), any(ProjectionRunner.UnusableEvent.class));
  }

  @Test
  void shouldGoOnWhenTheRebuildsIndexWentAwayDuringTheBatch() throws Exception {
    when(indexes.targets(READ_MODEL)).thenReturn(List.of("tasks-next"));
    when(indexes.current("tasks-next")).thenReturn(Optional.empty());
    FakeProjection projection = new FakeProjection(List.of(), new IOException("no such index [tasks-next]"));

    runner.run(projection, List.of(record(0, event(0))), consumer);

    verify(deadLetters, never()).accept(any(), any(), any());
  }

  @Test
  void shouldThrowWhenTheLiveIndexFailsSoTheBatchIsTriedAgainWithoutDeadLetters() throws Exception {
    when(indexes.targets(READ_MODEL)).thenReturn(List.of("tasks"));
    FakeProjection projection = new FakeProjection(List.of(), new IOException("Connection refused"));

    assertThatThrownBy(() -> runner.run(projection, List.of(record(0, event(0))), consumer))
        .isInstanceOf(IOException.class);
    verify(deadLetters, never()).accept(any(), any(), any());
  }

  private static ConsumerRecord<String, String> record(long offset, String value) {
    return new ConsumerRecord<>("loupe.events.task", 0, offset, "task-t", value);
  }

  private static String event(long version) {
    return """
        {"eventId":"0b6a4c1e-8f4e-4a55-9d38-6b1f1f3f1a0%d","streamId":"task-t","version":%d,"type":"TaskEscalated",
         "schemaVersion":1,"eventTime":"2026-12-01T10:00:00Z","recordedTime":"2026-12-01T10:00:00Z",
         "payload":{"priority":1}}""".formatted(version, version);
  }
}
