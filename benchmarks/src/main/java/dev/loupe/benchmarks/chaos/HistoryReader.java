package dev.loupe.benchmarks.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.benchmarks.chaos.History.AcceptedCreate;
import dev.loupe.benchmarks.chaos.History.Callback;
import dev.loupe.benchmarks.chaos.History.JournalEntry;
import dev.loupe.benchmarks.chaos.History.PublishedMessage;
import dev.loupe.benchmarks.chaos.History.Reprocessed;
import dev.loupe.benchmarks.chaos.History.TaskDocument;
import dev.loupe.benchmarks.support.LoupeJournalContext;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.JournalPosition;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskViewProjection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Reads a {@link History} from the servers of a Loupe: the journal from PostgreSQL (through the journal's own
 * {@code readAll}, in commit order), every message of the events topics from Kafka, and the tasks read model
 * from Elasticsearch; each task stream is folded with the read model's own projection.
 */
final class HistoryReader {

  /** Every aggregate type's events go to a topic of their own, {@code loupe.events.<type>}; dead letters aside. */
  static final String TOPIC_PREFIX = "loupe.events.";
  private static final String TASKS_INDEX = "tasks";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String postgresAddress;
  private final String kafkaAddress;
  private final URI elasticsearch;

  /**
   * @param postgresAddress {@code host:port} of the PostgreSQL holding the journal (database {@code loupe})
   * @param kafkaAddress {@code host:port} of a Kafka broker
   * @param elasticsearch Elasticsearch's HTTP address
   */
  HistoryReader(String postgresAddress, String kafkaAddress, URI elasticsearch) {
    this.postgresAddress = postgresAddress;
    this.kafkaAddress = kafkaAddress;
    this.elasticsearch = elasticsearch;
  }

  History read(String role, String password, List<Callback> callbacks, List<AcceptedCreate> accepted,
      List<Reprocessed> reprocessed) throws IOException {
    List<RecordedEvent> events = journal(role, password);
    List<JournalEntry> journal = events.stream()
        .map(event -> new JournalEntry(event.eventId().toString(), event.streamId(), event.version(), event.position(),
            event.transactionId(), event.type(), event.metadata().causationId()))
        .toList();
    return new History(journal, published(), documents(), folds(events), callbacks, accepted, reprocessed);
  }

  private List<RecordedEvent> journal(String role, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl("jdbc:postgresql://" + postgresAddress + "/loupe");
    dataSource.setUser(role);
    dataSource.setPassword(password);
    List<RecordedEvent> events = new ArrayList<>();
    try (LoupeJournalContext context = LoupeJournalContext.open(dataSource)) {
      EventJournal journal = context.journal();
      JournalPosition after = JournalPosition.START;
      List<RecordedEvent> batch;
      while (!(batch = journal.readAll(after, 5_000)).isEmpty()) {
        events.addAll(batch);
        RecordedEvent last = batch.getLast();
        after = new JournalPosition(last.transactionId(), last.position());
      }
    }
    return events;
  }

  /** Each task stream's fold, with the projection the tasks read model runs. */
  private Map<String, TaskDocument> folds(List<RecordedEvent> events) {
    Map<String, List<JournalMessage>> streams = new LinkedHashMap<>();
    events.stream()
        .filter(event -> event.streamId().startsWith("task-"))
        .forEach(event -> streams.computeIfAbsent(event.streamId(), stream -> new ArrayList<>())
            .add(JournalMessage.of(event, json)));
    TaskViewProjection projection = new TaskViewProjection(json);
    Map<String, TaskDocument> folds = new LinkedHashMap<>();
    streams.values().forEach(stream -> projection.fold(stream.stream()
            .sorted((a, b) -> Long.compare(a.version(), b.version())).toList())
        .ifPresent(view -> folds.put(view.id(), new TaskDocument(view.id(), view.version(), view.status().name()))));
    return folds;
  }

  /** Every message of the events topics, per partition in offset order, up to the ends as of now. */
  private List<PublishedMessage> published() throws IOException {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaAddress);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    List<PublishedMessage> messages = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
        new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.listTopics(PATIENCE).entrySet().stream()
          .filter(topic -> topic.getKey().startsWith(TOPIC_PREFIX) && !topic.getKey().endsWith(".DLT"))
          .flatMap(topic -> topic.getValue().stream())
          .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
          .toList();
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, PATIENCE));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ends.entrySet().removeIf(end -> consumer.position(end.getKey(), PATIENCE) >= end.getValue());
      Instant deadline = Instant.now().plus(PATIENCE.multipliedBy(5));
      while (!ends.isEmpty()) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("could not read the events topics to their ends within " + PATIENCE.multipliedBy(5));
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          Long end = ends.get(partition);
          if (end == null || record.offset() >= end) {
            continue;
          }
          JsonNode message = json.readTree(record.value());
          messages.add(new PublishedMessage(message.path("eventId").asText(), message.path("streamId").asText(),
              message.path("version").asLong(), record.partition(), record.offset()));
          if (record.offset() + 1 >= end) {
            ends.remove(partition);
          }
        }
      }
    }
    return messages;
  }

  /** The tasks read model's documents, through a scroll of the alias. */
  private Map<String, TaskDocument> documents() throws IOException {
    Map<String, TaskDocument> documents = new HashMap<>();
    JsonNode page = search("/" + TASKS_INDEX + "/_search?scroll=1m",
        "{\"size\":1000,\"_source\":[\"id\",\"version\",\"status\"],\"query\":{\"match_all\":{}}}");
    while (page.path("hits").path("hits").size() > 0) {
      for (JsonNode hit : page.path("hits").path("hits")) {
        JsonNode source = hit.path("_source");
        documents.put(source.path("id").asText(), new TaskDocument(source.path("id").asText(),
            source.path("version").asLong(), source.path("status").asText()));
      }
      page = search("/_search/scroll", json.writeValueAsString(Map.of("scroll", "1m",
          "scroll_id", page.path("_scroll_id").asText())));
    }
    return documents;
  }

  private JsonNode search(String path, String body) throws IOException {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(elasticsearch.resolve(path))
          .timeout(PATIENCE)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
      }
      return json.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + path, e);
    }
  }
}
