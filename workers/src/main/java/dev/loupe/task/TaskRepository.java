package dev.loupe.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.faults.FaultPoints;
import dev.loupe.journal.EventIds;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.Snapshot;
import dev.loupe.journal.SnapshotStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs commands against tasks kept in the journal: load the task (newest snapshot, then the events after
 * it), decide, append with the expected version. Event ids derive from the command's cause, so running the
 * same cause twice writes once. Every {@code loupe.journal.snapshot-every} events a snapshot is taken.
 */
@Component
public class TaskRepository {

  /** What running a command did: the task after it, and whether this call wrote the events. */
  public record Outcome(TaskState state, boolean written) {}

  static final String SNAPSHOT_TYPE = "Task";
  /** The version of {@link TaskState}'s JSON shape; bump it when the record changes incompatibly. */
  static final int SNAPSHOT_SCHEMA_VERSION = 5;

  private static final Logger log = LoggerFactory.getLogger(TaskRepository.class);
  private static final Set<String> RUN_RECORDS = Set.of(TaskEventTypes.of(TaskEvent.RecipeRunStarted.class).name(),
      TaskEventTypes.of(TaskEvent.IncidentRaised.class).name());

  private final EventJournal journal;
  private final SnapshotStore snapshots;
  private final TaskEventCodec codec;
  private final ObjectMapper json;
  private final int snapshotEvery;
  private final Clock clock = Clock.systemUTC();

  public TaskRepository(
      EventJournal journal,
      SnapshotStore snapshots,
      ObjectMapper json,
      @Value("${loupe.journal.snapshot-every:10}") int snapshotEvery) {
    this.journal = journal;
    this.snapshots = snapshots;
    this.codec = new TaskEventCodec(json);
    this.json = json;
    this.snapshotEvery = snapshotEvery;
  }

  public TaskState load(String taskId) {
    TaskState fromSnapshot = snapshotOf(taskId).orElse(TaskState.initial(taskId));
    return fold(fromSnapshot, journal.readStream(Task.streamId(taskId), fromSnapshot.version() + 1));
  }

  /** The task's journal stream, in order. */
  public List<RecordedEvent> history(String taskId) {
    return journal.readStream(Task.streamId(taskId));
  }

  /**
   * Runs a command once per cause: when the events of this cause are already stored, nothing is written.
   *
   * @param cause what causes the command, unique per intent: {@code job:<key>}, {@code claim:<session>}...
   * @param actor who asks: {@code worker:<job type>}, {@code operator:<id>}, {@code client}
   * @throws TaskRejected when the task's state does not allow the command
   * @throws dev.loupe.journal.WrongExpectedVersion when another writer appended first
   */
  public Outcome execute(String taskId, TaskCommand command, String cause, String actor) {
    TaskState state = load(taskId);
    if (journal.contains(EventIds.derive(cause, 0))) {
      return new Outcome(state, false);
    }
    List<TaskEvent> events = Task.decide(command, state);
    if (events.isEmpty()) {
      return new Outcome(state, false);
    }
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
      after = Task.evolve(after, event, after.version() + 1);
    }
    if (written) {
      snapshotIfDue(state.version(), after);
      if (actor.startsWith("worker:")) {
        FaultPoints.reach(FaultPoints.AFTER_APPEND);
      }
    }
    return new Outcome(after, written);
  }

  /** The event a task was created with, to compare a repeated create request with; empty for no task. */
  public Optional<TaskEvent.TaskCreated> creation(String taskId) {
    return journal.readStream(Task.streamId(taskId)).stream()
        .findFirst()
        .map(this::decode)
        .filter(TaskEvent.TaskCreated.class::isInstance)
        .map(TaskEvent.TaskCreated.class::cast);
  }

  /** When the task's newest event of a type happened, if it has one. */
  public Optional<Instant> latestTime(String taskId, Class<? extends TaskEvent> type) {
    String storedName = TaskEventTypes.of(type).name();
    return journal.readStream(Task.streamId(taskId)).reversed().stream()
        .filter(event -> event.type().equals(storedName))
        .findFirst()
        .map(RecordedEvent::eventTime);
  }

  /**
   * The task's newest event that its work raised, if it has any: a record of the recipe's run (RecipeRunStarted,
   * IncidentRaised) says where the engine was, not how far the task got, so it is passed over.
   */
  public Optional<TaskEvent> newest(String taskId) {
    return newestRecorded(taskId).map(this::decode);
  }

  /** The stream version of the task's newest event that its work raised ({@link #newest}), if it has any. */
  public Optional<Long> newestVersion(String taskId) {
    return newestRecorded(taskId).map(RecordedEvent::version);
  }

  private Optional<RecordedEvent> newestRecorded(String taskId) {
    return journal.readStream(Task.streamId(taskId)).reversed().stream()
        .filter(event -> !RUN_RECORDS.contains(event.type()))
        .findFirst();
  }

  /** The task's newest event of a type, if any. */
  public <T extends TaskEvent> Optional<T> latest(String taskId, Class<T> type) {
    String storedName = TaskEventTypes.of(type).name();
    return journal.readStream(Task.streamId(taskId)).reversed().stream()
        .filter(event -> event.type().equals(storedName))
        .findFirst()
        .map(this::decode)
        .map(type::cast);
  }

  private TaskState fold(TaskState state, List<RecordedEvent> events) {
    for (RecordedEvent recorded : events) {
      state = Task.evolve(state, decode(recorded), recorded.version());
    }
    return state;
  }

  /** The task event a journal event holds. */
  public TaskEvent decode(RecordedEvent recorded) {
    return codec.decode(recorded.eventId().toString(), recorded.type(), recorded.schemaVersion(),
        recorded.payloadJson());
  }

  private void snapshotIfDue(long versionBefore, TaskState after) {
    if (snapshotEvery <= 0 || (after.version() + 1) / snapshotEvery == (versionBefore + 1) / snapshotEvery) {
      return;
    }
    try {
      snapshots.save(new Snapshot(Task.streamId(after.taskId()), after.version(), SNAPSHOT_TYPE,
          SNAPSHOT_SCHEMA_VERSION, json.writeValueAsString(after)));
    } catch (JsonProcessingException e) {
      log.warn("no snapshot of task {}: {}", after.taskId(), e.getOriginalMessage());
    }
  }

  private Optional<TaskState> snapshotOf(String taskId) {
    return snapshots.load(Task.streamId(taskId))
        .filter(snapshot -> snapshot.stateType().equals(SNAPSHOT_TYPE))
        .filter(snapshot -> snapshot.schemaVersion() == SNAPSHOT_SCHEMA_VERSION)
        .flatMap(this::readSnapshot);
  }

  private Optional<TaskState> readSnapshot(Snapshot snapshot) {
    try {
      return Optional.of(json.readValue(snapshot.stateJson(), TaskState.class));
    } catch (JsonProcessingException e) {
      log.warn("ignoring unreadable snapshot of {} at version {}: {}", snapshot.streamId(), snapshot.version(),
          e.getOriginalMessage());
      return Optional.empty();
    }
  }
}
