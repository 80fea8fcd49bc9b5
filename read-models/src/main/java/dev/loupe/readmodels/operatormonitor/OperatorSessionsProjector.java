package dev.loupe.readmodels.operatormonitor;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.projection.Documents;
import dev.loupe.readmodels.projection.Projection;
import dev.loupe.readmodels.projection.ProjectionRunner;
import dev.loupe.readmodels.projection.ReadModelDefinition;
import dev.loupe.readmodels.projection.Rejected;
import dev.loupe.readmodels.projection.JournalPatience;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Projects task streams into one {@code operator-sessions} document per closed operator session
 * ({@link SessionProjection}), in batches (ADR 0021). Only a stream whose batch holds a session's close
 * (OperatorFinished, OperatorReleased) changes anything: its sessions are folded from the stream's first event —
 * from the batch itself when it holds the stream from version 0 without a gap (a rebuild's pages, mostly), else
 * from {@link EventJournal#readStream}, which is the truth whatever Kafka delivered. Each document's external
 * version is the stream version of the event that closed it, so a redelivered or refolded session is a 409, never
 * a step back. A stream whose events cannot be folded sends its closing messages to the dead letters.
 */
@Component
class OperatorSessionsProjector implements Projection {

  static final String GROUP = "loupe-read-model-operator-sessions";

  /** Refreshed every second: the monitor is read by people looking at a day, not by the inbox's clicks. */
  static final ReadModelDefinition READ_MODEL = new ReadModelDefinition("operator-sessions", """
      {
        "dynamic": "strict",
        "properties": {
          "sessionId": {"type": "keyword"},
          "operatorId": {"type": "keyword"},
          "taskId": {"type": "keyword"},
          "type": {"type": "keyword"},
          "classGroupKey": {"type": "keyword"},
          "reason": {"type": "keyword"},
          "claimedAt": {"type": "date"},
          "endedAt": {"type": "date"},
          "day": {"type": "keyword"},
          "outcome": {"type": "keyword"},
          "activeSeconds": {"type": "long"},
          "added": {"type": "integer"},
          "moved": {"type": "integer"},
          "relabeled": {"type": "integer"},
          "removed": {"type": "integer"},
          "textsCorrected": {"type": "integer"},
          "objectsChanged": {"type": "integer"},
          "checkedAutomaticResult": {"type": "boolean"},
          "acceptedUnchanged": {"type": "boolean"},
          "version": {"type": "long"}
        }
      }
      """, "1s", GROUP, "task");

  private final ProjectionRunner runner;
  private final SessionProjection sessions;
  private final ElasticsearchClient elasticsearch;
  private final EventJournal journal;
  private final ObjectMapper json;

  OperatorSessionsProjector(ProjectionRunner runner, ElasticsearchClient elasticsearch, EventJournal journal,
      ObjectMapper json) {
    this.runner = runner;
    this.sessions = new SessionProjection(json);
    this.elasticsearch = elasticsearch;
    this.journal = journal;
    this.json = json;
  }

  @KafkaListener(
      id = "operator-sessions-projector",
      topics = "${loupe.relay.topic-prefix:loupe.events}.task",
      groupId = GROUP,
      containerFactory = "projectionContainerFactory",
      batch = "true")
  void on(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) throws IOException {
    runner.run(this, records, consumer);
  }

  @Override
  public ReadModelDefinition definition() {
    return READ_MODEL;
  }

  @Override
  public List<Rejected> project(List<JournalMessage> events, String target) throws IOException {
    Map<String, List<JournalMessage>> byStream = new LinkedHashMap<>();
    events.stream()
        .filter(event -> READ_MODEL.projects(event.streamId()))
        .forEach(event -> byStream.computeIfAbsent(event.streamId(), stream -> new ArrayList<>()).add(event));
    List<Rejected> rejected = new ArrayList<>();
    Map<String, SessionView> documents = new LinkedHashMap<>();
    Map<String, JournalMessage> closedBy = new LinkedHashMap<>();
    JournalPatience patience = JournalPatience.forBatch();
    for (Map.Entry<String, List<JournalMessage>> stream : byStream.entrySet()) {
      List<JournalMessage> closing = stream.getValue().stream()
          .filter(event -> SessionProjection.CLOSING.contains(event.type()))
          .toList();
      if (closing.isEmpty()) {
        continue;
      }
      List<JournalMessage> history = wholeFromTheStart(stream.getValue())
          ? stream.getValue()
          : checkedAgainstJournal(stream.getKey(), stream.getValue(), rejected, patience);
      try {
        for (SessionView session : sessions.sessions(history)) {
          documents.put(session.sessionId(), session);
          closing.stream().filter(event -> event.version() == session.version()).findFirst()
              .ifPresent(event -> closedBy.put(session.sessionId(), event));
        }
      } catch (RuntimeException unfoldable) {
        closing.forEach(event -> rejected.add(new Rejected(event, "the sessions of %s cannot be folded: %s"
            .formatted(stream.getKey(), unfoldable.getMessage()))));
      }
    }
    index(target, documents).forEach((sessionId, reason) -> {
      if (closedBy.containsKey(sessionId)) {
        rejected.add(new Rejected(closedBy.get(sessionId), reason));
      }
    });
    return rejected;
  }

  @Override
  public void repair(String streamId, String target) throws IOException {
    List<SessionView> folded;
    try {
      folded = sessions.sessions(fromJournal(streamId, -1, Duration.ZERO));
    } catch (DataAccessException unreachable) {
      throw unreachable;
    } catch (RuntimeException unfoldable) {
      throw new IllegalArgumentException("the sessions of %s cannot be folded: %s"
          .formatted(streamId, unfoldable.getMessage()), unfoldable);
    }
    Map<String, SessionView> documents = new LinkedHashMap<>();
    folded.forEach(session -> documents.put(session.sessionId(), session));
    Map<String, String> refused = index(target, documents);
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException("the sessions of %s cannot be indexed: %s".formatted(streamId, refused));
    }
  }

  /** A message of a session (its close, or its diff) is covered once its session's document is at least as new. */
  @Override
  public Set<String> covered(List<JournalMessage> events, String target) throws IOException {
    Set<String> sessionIds = events.stream().map(OperatorSessionsProjector::sessionId).filter(Objects::nonNull)
        .collect(Collectors.toSet());
    Map<String, Long> stored = new HashMap<>();
    if (!sessionIds.isEmpty()) {
      elasticsearch.mget(request -> request.index(target).ids(List.copyOf(sessionIds)), SessionView.class).docs()
          .stream()
          .filter(item -> item.isResult() && item.result().found() && item.result().source() != null)
          .forEach(item -> stored.put(item.result().id(), item.result().source().version()));
    }
    return events.stream()
        .filter(event -> sessionId(event) == null
            || stored.getOrDefault(sessionId(event), Long.MIN_VALUE) >= event.version())
        .map(JournalMessage::eventId)
        .collect(Collectors.toSet());
  }

  private static String sessionId(JournalMessage event) {
    return event.payload().path("sessionId").asText(null);
  }

  private static boolean wholeFromTheStart(List<JournalMessage> stream) {
    for (int i = 0; i < stream.size(); i++) {
      if (stream.get(i).version() != i) {
        return false;
      }
    }
    return true;
  }

  /**
   * The stream as the journal holds it; a message of the batch the journal does not hold, or holds as another
   * event, is rejected (the documents are the journal's either way).
   */
  private List<JournalMessage> checkedAgainstJournal(String streamId, List<JournalMessage> messages,
      List<Rejected> rejected, JournalPatience patience) {
    List<JournalMessage> stream;
    try {
      stream = fromJournal(streamId, messages.stream().mapToLong(JournalMessage::version).max().orElse(-1),
          patience.left());
    } catch (DataAccessException unreachable) {
      throw unreachable;
    } catch (RuntimeException unreadable) {
      messages.stream().filter(event -> SessionProjection.CLOSING.contains(event.type())).forEach(event ->
          rejected.add(new Rejected(event, "the journal cannot read " + streamId + ": " + unreadable.getMessage())));
      return List.of();
    }
    for (JournalMessage message : messages) {
      if (message.version() >= stream.size()) {
        rejected.add(new Rejected(message, "the journal holds no version %d of %s (it is at version %d)"
            .formatted(message.version(), streamId, stream.size() - 1)));
      } else if (!stream.get((int) message.version()).eventId().equals(message.eventId())) {
        rejected.add(new Rejected(message, "the journal holds another event at version %d of %s"
            .formatted(message.version(), streamId)));
      }
    }
    return stream;
  }

  /** The stream's journal events, through {@code version} when it shows within {@code patience}. */
  private List<JournalMessage> fromJournal(String streamId, long version, Duration patience) {
    return journal.readStreamThrough(streamId, version, patience).stream()
        .map(event -> JournalMessage.of(event, json))
        .toList();
  }

  /**
   * One bulk request, each document at its external version. A 409 is a session already written at that version
   * (or later); anything else but a document Elasticsearch refuses fails the batch, to be tried again.
   *
   * @return the sessions whose documents Elasticsearch refuses, with why: a batch sends the message that closed
   *     one to the dead letters (a session refolded from an earlier close was dead-lettered by that close)
   */
  private Map<String, String> index(String target, Map<String, SessionView> documents) throws IOException {
    Map<String, String> refused = new LinkedHashMap<>();
    if (documents.isEmpty()) {
      return refused;
    }
    BulkRequest.Builder bulk = new BulkRequest.Builder().requireAlias(true);
    documents.forEach((id, document) -> bulk.operations(operation -> operation.index(index -> index
        .index(target)
        .id(id)
        .document(document)
        .versionType(VersionType.External)
        .version(document.version()))));
    BulkResponse response = elasticsearch.bulk(bulk.build());
    if (!response.errors()) {
      return refused;
    }
    List<String> failed = new ArrayList<>();
    for (BulkResponseItem item : response.items()) {
      if (item.error() == null || item.status() == 409) {
        continue;
      }
      if (Documents.refused(item)) {
        refused.put(item.id(), "Elasticsearch refuses its session's document: " + item.error().reason());
      } else {
        failed.add(item.id() + ": " + item.status() + " " + item.error().type() + " " + item.error().reason());
      }
    }
    if (!failed.isEmpty()) {
      throw new IOException("%d operator sessions not indexed into %s: %s".formatted(failed.size(), target,
          failed.subList(0, Math.min(3, failed.size()))));
    }
    return refused;
  }
}
