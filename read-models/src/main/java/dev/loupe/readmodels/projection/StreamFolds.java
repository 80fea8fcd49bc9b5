package dev.loupe.readmodels.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.readmodels.JournalMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * A read model with one document per stream, folded event by event: the document's external version is the stream
 * version of the last event applied, so a redelivered or late event never takes it back.
 *
 * <p>A batch costs one {@code _mget} and one {@code _bulk}. An event is applied only on top of the version just
 * before it. A gap (a lost or reordered message), or a message that cannot be applied, makes the journal decide:
 * the stream is folded again from {@link EventJournal#readStream} with the same fold. A stream whose journal
 * events cannot be folded either is quarantined and its document marked stale; the other streams go on.
 *
 * @param <V> the document
 */
public final class StreamFolds<V> {

  private static final Logger log = LoggerFactory.getLogger(StreamFolds.class);

  /** The read model's own rules: a pure fold of a stream's events into its document. */
  public interface Fold<V> {

    String documentId(String streamId);

    /**
     * The document after the event; {@code current} is null before the stream's first event.
     *
     * @throws RuntimeException when the event cannot be applied
     */
    V apply(V current, JournalMessage event);

    long version(V document);

    /** The document as it was, marked as no longer following its stream. */
    V stale(V document);
  }

  private record Write<V>(String streamId, V document, VersionType versionType) {}

  private record Repair<V>(V document, long journalVersion, boolean quarantined) {}

  private final String readModel;
  private final Class<V> type;
  private final Fold<V> fold;
  private final ElasticsearchClient elasticsearch;
  private final EventJournal journal;
  private final Quarantine quarantine;
  private final ObjectMapper json;
  private final MeterRegistry meters;

  public StreamFolds(String readModel, Class<V> type, Fold<V> fold, ElasticsearchClient elasticsearch,
      EventJournal journal, Quarantine quarantine, ObjectMapper json, MeterRegistry meters) {
    this.readModel = readModel;
    this.type = type;
    this.fold = fold;
    this.elasticsearch = elasticsearch;
    this.journal = journal;
    this.quarantine = quarantine;
    this.json = json;
    this.meters = meters;
  }

  public List<Rejected> project(List<JournalMessage> events, String target) throws IOException {
    Map<String, List<JournalMessage>> byStream = new LinkedHashMap<>();
    events.forEach(event -> byStream.computeIfAbsent(event.streamId(), stream -> new ArrayList<>()).add(event));
    Map<String, V> stored = fetch(target, byStream.keySet());
    Map<String, Write<V>> writes = new LinkedHashMap<>();
    List<Rejected> rejected = new ArrayList<>();
    JournalPatience patience = JournalPatience.forBatch();
    for (Map.Entry<String, List<JournalMessage>> stream : byStream.entrySet()) {
      V before = stored.get(stream.getKey());
      Write<V> write = foldStream(stream.getKey(), before, stream.getValue(), rejected, patience);
      if (write != null && write.document() != before) {
        writes.put(fold.documentId(stream.getKey()), write);
      }
    }
    index(target, writes);
    return rejected;
  }

  public void repair(String streamId, String target) throws IOException {
    V stored = fetch(target, List.of(streamId)).get(streamId);
    Repair<V> repair = repairFromJournal(streamId, stored, -1, Duration.ZERO);
    if (repair.document() != null && repair.document() != stored) {
      index(target, Map.of(fold.documentId(streamId), write(streamId, repair)));
    }
  }

  public Set<String> covered(List<JournalMessage> events, String target) throws IOException {
    Map<String, V> stored = fetch(target, events.stream().map(JournalMessage::streamId).collect(Collectors.toSet()));
    return events.stream()
        .filter(event -> stored.containsKey(event.streamId())
            && fold.version(stored.get(event.streamId())) >= event.version())
        .map(JournalMessage::eventId)
        .collect(Collectors.toSet());
  }

  private Write<V> foldStream(String streamId, V stored, List<JournalMessage> events, List<Rejected> rejected,
      JournalPatience patience) {
    V document = stored;
    for (int i = 0; i < events.size(); i++) {
      JournalMessage event = events.get(i);
      if (document != null && event.version() <= fold.version(document)) {
        continue;
      }
      long expected = document == null ? 0 : fold.version(document) + 1;
      RuntimeException failure = null;
      if (event.version() == expected) {
        try {
          document = fold.apply(document, event);
          continue;
        } catch (RuntimeException e) {
          failure = e;
        }
      } else {
        meters.counter("loupe.projection.gaps", "readModel", readModel).increment();
        log.info("{}: {} is at version {} and the next message is version {}: folding it from the journal",
            readModel, streamId, expected - 1, event.version());
      }
      Repair<V> repair = repairFromJournal(streamId, document,
          events.stream().mapToLong(JournalMessage::version).max().orElse(-1), patience.left());
      if (failure != null && !repair.quarantined() && event.version() <= repair.journalVersion()) {
        rejected.add(new Rejected(event, "the message could not be applied (" + failure.getMessage()
            + ") but the journal's events of " + streamId + " could: the document was folded from the journal"));
      }
      for (JournalMessage later : events.subList(i, events.size())) {
        if (later.version() > repair.journalVersion()) {
          rejected.add(new Rejected(later, "the journal holds no version %d of %s (it is at version %d)"
              .formatted(later.version(), streamId, repair.journalVersion())));
        }
      }
      return repair.document() == null ? null : write(streamId, repair);
    }
    return document == null ? null : new Write<>(streamId, document, VersionType.External);
  }

  private Write<V> write(String streamId, Repair<V> repair) {
    return new Write<>(streamId, repair.document(),
        repair.quarantined() ? VersionType.ExternalGte : VersionType.External);
  }

  /**
   * The fold of the stream's journal events, read through version {@code through} when it shows within
   * {@code patience}, or, when they cannot be folded, the stored document marked stale.
   */
  private Repair<V> repairFromJournal(String streamId, V stored, long through, Duration patience) {
    List<RecordedEvent> events;
    try {
      events = journal.readStreamThrough(streamId, through, patience);
    } catch (DataAccessException unreachable) {
      throw unreachable;
    } catch (RuntimeException unreadable) {
      String reason = "the journal cannot read the stream: " + unreadable.getMessage();
      log.warn("{}: quarantining {}: {}", readModel, streamId, reason);
      long version = journal.streamVersion(streamId);
      quarantine.put(readModel, streamId, version, reason);
      meters.counter("loupe.projection.quarantined", "readModel", readModel).increment();
      return new Repair<>(stored == null ? null : fold.stale(stored), version, true);
    }
    if (events.isEmpty()) {
      return new Repair<>(stored, -1, false);
    }
    long journalVersion = events.getLast().version();
    V folded = null;
    for (RecordedEvent event : events) {
      try {
        folded = fold.apply(folded, JournalMessage.of(event, json));
      } catch (RuntimeException e) {
        String reason = "%s v%d (%s) cannot be applied: %s".formatted(event.type(), event.schemaVersion(),
            event.eventId(), e.getMessage());
        log.warn("{}: quarantining {} at version {}: {}", readModel, streamId, event.version(), reason);
        quarantine.put(readModel, streamId, event.version(), reason);
        meters.counter("loupe.projection.quarantined", "readModel", readModel).increment();
        return new Repair<>(stored == null ? null : fold.stale(stored), journalVersion, true);
      }
    }
    quarantine.release(readModel, streamId);
    meters.counter("loupe.projection.repaired", "readModel", readModel).increment();
    return new Repair<>(folded, journalVersion, false);
  }

  private Map<String, V> fetch(String target, Collection<String> streamIds) throws IOException {
    if (streamIds.isEmpty()) {
      return Map.of();
    }
    Map<String, String> streamByDocument = new HashMap<>();
    streamIds.forEach(stream -> streamByDocument.put(fold.documentId(stream), stream));
    Map<String, V> stored = new HashMap<>();
    for (MultiGetResponseItem<V> item : elasticsearch.mget(request -> request.index(target)
        .ids(List.copyOf(streamByDocument.keySet())), type).docs()) {
      if (item.isFailure()) {
        throw new IOException("could not read %s from %s: %s".formatted(item.failure().id(), target,
            item.failure().error().reason()));
      }
      if (item.result().found()) {
        stored.put(streamByDocument.get(item.result().id()), item.result().source());
      }
    }
    return stored;
  }

  /**
   * One bulk request. A 409 is a document already at a newer version; a document Elasticsearch refuses (a 4xx other
   * than 404, 408, 409 or 429) puts its stream in quarantine; anything else (429, 5xx, a missing alias) fails the
   * batch, to be tried again.
   */
  private void index(String target, Map<String, Write<V>> writes) throws IOException {
    if (writes.isEmpty()) {
      return;
    }
    BulkRequest.Builder bulk = new BulkRequest.Builder().requireAlias(true);
    writes.forEach((id, write) -> bulk.operations(operation -> operation.index(index -> index
        .index(target)
        .id(id)
        .document(write.document())
        .versionType(write.versionType())
        .version(fold.version(write.document())))));
    BulkResponse response = elasticsearch.bulk(bulk.build());
    if (!response.errors()) {
      return;
    }
    List<String> retryable = new ArrayList<>();
    for (BulkResponseItem item : response.items()) {
      if (item.error() == null || item.status() == 409) {
        continue;
      }
      if (Documents.refused(item)) {
        Write<V> write = writes.get(item.id());
        String reason = "Elasticsearch refuses the document: " + item.error().reason();
        quarantine.put(readModel, write.streamId(), fold.version(write.document()), reason);
        meters.counter("loupe.projection.quarantined", "readModel", readModel).increment();
        continue;
      }
      retryable.add(item.id() + ": " + item.status() + " " + item.error().type() + " " + item.error().reason());
    }
    if (!retryable.isEmpty()) {
      throw new IOException("%s: %d documents not indexed into %s: %s".formatted(readModel, retryable.size(), target,
          retryable.subList(0, Math.min(3, retryable.size()))));
    }
  }
}
