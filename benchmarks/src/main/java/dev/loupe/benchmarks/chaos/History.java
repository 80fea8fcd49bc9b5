package dev.loupe.benchmarks.chaos;

import java.util.List;
import java.util.Map;

/**
 * What a run left behind, read from the servers themselves rather than from logs: the journal, the events topic, the
 * tasks read model, the callbacks the loopback receiver accepted, and the create requests Loupe accepted.
 *
 * @param journal every journal event, in position order
 * @param published every message of the events topics, per partition in offset order
 * @param documents the tasks read model's documents, by task id
 * @param folds what each task's journal stream folds to, by task id (the projection's own fold)
 * @param callbacks every callback the receiver accepted, in arrival order
 * @param accepted every create request Loupe answered with 2xx: its idempotency key and the task id it answered
 * @param reprocessed every reprocess Loupe accepted, with how many of the task's callbacks came before it
 */
public record History(
    List<JournalEntry> journal,
    List<PublishedMessage> published,
    Map<String, TaskDocument> documents,
    Map<String, TaskDocument> folds,
    List<Callback> callbacks,
    List<AcceptedCreate> accepted,
    List<Reprocessed> reprocessed) {

  /** A history with no task reprocessed. */
  public History(List<JournalEntry> journal, List<PublishedMessage> published, Map<String, TaskDocument> documents,
      Map<String, TaskDocument> folds, List<Callback> callbacks, List<AcceptedCreate> accepted) {
    this(journal, published, documents, folds, callbacks, accepted, List.of());
  }

  /**
   * One journal event.
   *
   * @param transactionId the transaction that appended it: one append is one transaction
   * @param causationId what caused it (a job key, a request's idempotency key): what makes an append idempotent
   */
  public record JournalEntry(String eventId, String streamId, long version, long position, long transactionId,
      String type, String causationId) {}

  /** One message of an events topic. */
  public record PublishedMessage(String eventId, String streamId, long version, int partition, long offset) {}

  /** A task as a read model document holds it, or as its journal stream folds. */
  public record TaskDocument(String taskId, long version, String status) {}

  /**
   * A callback the client's receiver accepted.
   *
   * @param body the result as sent, without its signature
   * @param signatureValid whether its signature checked against the client's secret
   */
  public record Callback(String taskId, String status, String body, boolean signatureValid) {}

  /** A create request Loupe accepted (2xx). */
  public record AcceptedCreate(String idempotencyKey, String taskId) {}

  /**
   * A reprocess Loupe accepted (202) for a task that was told its outcome: the task's first {@code callbacksBefore}
   * accepted callbacks belong to its earlier run, which may have ended otherwise.
   */
  public record Reprocessed(String taskId, int callbacksBefore) {}
}
