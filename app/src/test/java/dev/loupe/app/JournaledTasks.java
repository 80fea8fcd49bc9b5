package dev.loupe.app;

import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Task streams written straight into the journal, as the write side starts one (TaskCreated, then
 * DetectionRequested), with no recipe running them: what the read side's tests project.
 */
final class JournaledTasks {

  private final EventJournal journal;
  private final String actor;

  JournaledTasks(EventJournal journal, String actor) {
    this.journal = journal;
    this.actor = actor;
  }

  /** An event to write after a task's first two: its stored type and its payload. */
  record Then(String type, String payload) {}

  /** A new task of the class group, at version 1; its id. */
  String create(String classGroupKey) {
    return create(classGroupKey, "{}");
  }

  /**
   * A new task of the class group, asked for a detection with {@code detection} as DetectionRequested's payload, then
   * the events {@code more}, in one append; its id.
   */
  String create(String classGroupKey, String detection, Then... more) {
    String taskId = UUID.randomUUID().toString();
    List<NewEvent> events = new ArrayList<>();
    events.add(event(taskId, "TaskCreated", """
        {"taskId":"%s","type":"product-detection","classGroup":{"key":"%s","classes":[]},
         "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}"""
        .formatted(taskId, classGroupKey)));
    events.add(event(taskId, "DetectionRequested", detection));
    for (Then then : more) {
      events.add(event(taskId, then.type(), then.payload()));
    }
    journal.append("task-" + taskId, ExpectedVersion.NO_STREAM, events);
    return taskId;
  }

  void append(String taskId, long expectedVersion, String type, String payload) {
    append(taskId, expectedVersion, type, payload, Instant.now());
  }

  /** An event that happened at {@code occurredAt}, journaled now. */
  void append(String taskId, long expectedVersion, String type, String payload, Instant occurredAt) {
    journal.append("task-" + taskId, ExpectedVersion.exactly(expectedVersion),
        List.of(event(taskId, type, payload, occurredAt)));
  }

  private NewEvent event(String taskId, String type, String payload) {
    return event(taskId, type, payload, Instant.now());
  }

  private NewEvent event(String taskId, String type, String payload, Instant occurredAt) {
    return new NewEvent(UUID.randomUUID(), type, 1, occurredAt, payload, new EventMetadata(taskId, null, actor));
  }
}
