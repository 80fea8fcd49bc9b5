package dev.loupe.task;

import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs commands against tasks kept in the journal: read the stream, fold it, decide, append with the expected
 * version. Event ids derive from the command's cause, so running the same cause twice writes once.
 */
@Component
public class TaskRepository {

  /** What running a command did: the task after it, and whether this call wrote the events. */
  public record Outcome(TaskState state, boolean written) {}

  private final EventJournal journal;
  private final TaskEventCodec codec;
  private final Clock clock;

  @Autowired
  public TaskRepository(EventJournal journal, TaskEventCodec codec) {
    this(journal, codec, Clock.systemUTC());
  }

  TaskRepository(EventJournal journal, TaskEventCodec codec, Clock clock) {
    this.journal = journal;
    this.codec = codec;
    this.clock = clock;
  }

  public TaskState load(String taskId) {
    return fold(taskId, journal.readStream(Task.streamId(taskId)));
  }

  /** The task's journal stream, in order. */
  public List<RecordedEvent> history(String taskId) {
    return journal.readStream(Task.streamId(taskId));
  }

  /**
   * Runs a command once per cause: when events of this cause are already in the stream, nothing is written.
   *
   * @param cause what causes the command, unique per intent: {@code job:<key>}, {@code claim:<session>}...
   * @param actor who asks: {@code worker:<job type>}, {@code operator:<id>}, {@code client}
   * @throws TaskRejected when the task's state does not allow the command
   * @throws dev.loupe.journal.WrongExpectedVersion when another writer appended first
   */
  public Outcome execute(String taskId, TaskCommand command, String cause, String actor) {
    List<RecordedEvent> stream = journal.readStream(Task.streamId(taskId));
    TaskState state = fold(taskId, stream);
    if (stream.stream().anyMatch(event -> cause.equals(event.metadata().causationId()))) {
      return new Outcome(state, false);
    }
    List<TaskEvent> events = Task.decide(command, state);
    EventMetadata metadata = new EventMetadata(taskId, cause, actor);
    List<NewEvent> toAppend = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      TaskEvent event = events.get(i);
      TaskEventTypes.StoredType type = TaskEventTypes.of(event);
      toAppend.add(new NewEvent(EventIds.derive(cause, i), type.name(), type.schemaVersion(), clock.instant(),
          codec.encode(event), metadata));
    }
    boolean written = journal.append(Task.streamId(taskId), ExpectedVersion.of(state.version()), toAppend).written();
    TaskState after = state;
    for (TaskEvent event : events) {
      after = Task.evolve(after, event);
    }
    return new Outcome(after.withVersion(state.version() + events.size()), written);
  }

  private TaskState fold(String taskId, List<RecordedEvent> stream) {
    TaskState state = TaskState.initial(taskId);
    for (RecordedEvent recorded : stream) {
      state = Task.evolve(state, codec.decode(recorded)).withVersion(recorded.version());
    }
    return state;
  }

  /** The event a task was created with, to compare a repeated create request with; empty for no task. */
  public Optional<TaskEvent.TaskCreated> creation(String taskId) {
    return history(taskId).stream()
        .findFirst()
        .map(codec::decode)
        .filter(TaskEvent.TaskCreated.class::isInstance)
        .map(TaskEvent.TaskCreated.class::cast);
  }
}
