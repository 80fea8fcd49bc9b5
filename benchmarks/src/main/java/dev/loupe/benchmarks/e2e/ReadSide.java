package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the harness reads of Loupe's read side, from outside: the application's metrics, its
 * {@code GET /api/v1/read-models} report where this version has one, the tasks projection's consumer group backlog
 * on the embedded Kafka (end offsets minus committed offsets of every group whose id names {@code tasks}), and
 * document versions straight from the embedded Elasticsearch ({@code _mget}, realtime: a document counts once
 * indexed, before a refresh makes it searchable).
 */
final class ReadSide implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReadSide.class);
  static final String TOPIC = "loupe.events.task";
  /** The statuses a task has before the recipe asks an operator for help. */
  private static final List<String> BEFORE_WAITING = List.of("CREATED", "DETECTION_REQUESTED", "DETECTED");
  /** The statuses of a task whose recipe has ended: with its result delivered, or without one. */
  private static final List<String> SETTLED = List.of("DONE", "REJECTED", "DELIVERY_FAILED", "CANCELLED");

  private final LoupeApi api;
  private final URI elasticsearch;
  private final Admin kafka;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  ReadSide(LoupeApi api, String kafkaAddress, String elasticsearchAddress) {
    this.api = api;
    this.elasticsearch = URI.create("http://" + elasticsearchAddress);
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaAddress);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    this.kafka = Admin.create(properties);
  }

  Admin kafka() {
    return kafka;
  }

  URI elasticsearch() {
    return elasticsearch;
  }

  /** The application's metrics now, or none when the scrape fails. */
  PrometheusSnapshot scrape() {
    try {
      return PrometheusSnapshot.parse(api.prometheus());
    } catch (IOException e) {
      log.warn("scraping /actuator/prometheus failed: {}", e.getMessage());
      return PrometheusSnapshot.EMPTY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PrometheusSnapshot.EMPTY;
    }
  }

  /**
   * Events the application's tasks projection has handled so far: {@code loupe_projection_applied_total} plus
   * {@code loupe_projection_skipped_total} for {@code readModel="tasks"}; NaN where neither exists.
   */
  double tasksProjectionHandled() {
    PrometheusSnapshot now = scrape();
    java.util.function.Predicate<String> tasks = labels -> PrometheusSnapshot.labelValue(labels, "readModel").equals("tasks");
    if (!now.has("loupe_projection_applied_total") && !now.has("loupe_projection_skipped_total")) {
      return Double.NaN;
    }
    return now.sum("loupe_projection_applied_total", tasks) + now.sum("loupe_projection_skipped_total", tasks);
  }

  /** Whether this version of Loupe reports its read models ({@code GET /api/v1/read-models}). */
  boolean reportsReadModels() {
    return api.readModels().isPresent();
  }

  /** The tasks read model's {@code lag} from {@code GET /api/v1/read-models}, or empty. */
  Optional<JsonNode> tasksLag() {
    return api.readModels().flatMap(models -> {
      for (JsonNode model : models) {
        if (model.path("name").asText().equals("tasks")) {
          return Optional.of(model.path("lag"));
        }
      }
      return Optional.empty();
    });
  }

  /** Samples the tasks read model's reported lag twice a second until stopped; nothing where it is not reported. */
  LagSampler startLagSampler() {
    LagSampler sampler = new LagSampler();
    if (reportsReadModels()) {
      sampler.thread.start();
    }
    return sampler;
  }

  final class LagSampler {
    private final Samples seconds = new Samples();
    private final Samples events = new Samples();
    private volatile boolean stop;
    private final Thread thread = new Thread(this::sample, "bench-lag-sampler");

    private void sample() {
      while (!stop) {
        tasksLag().ifPresent(lag -> {
          if (lag.path("seconds").isNumber()) {
            seconds.add(lag.path("seconds").asDouble() * 1000);
          }
          if (lag.path("events").isNumber()) {
            events.add(lag.path("events").asDouble());
          }
        });
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() {
      stop = true;
      thread.interrupt();
    }

    /** Reported lag in milliseconds. */
    Samples seconds() {
      return seconds;
    }

    Samples events() {
      return events;
    }
  }

  /** Events on {@link #TOPIC} that the tasks projection's consumer group(s) have not committed; -1 when unknown. */
  long tasksConsumerBacklog() {
    Map<String, Long> backlogs = backlogs(groupId -> groupId.contains("tasks"));
    return backlogs.isEmpty() ? -1 : backlogs.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Per consumer group whose id {@code groups} accepts: the events on {@link #TOPIC} it has not committed (end offset
   * minus committed offset, over every partition; a partition it never committed counts from 0), once it has
   * committed any. Empty when Kafka does not answer.
   */
  Map<String, Long> backlogs(java.util.function.Predicate<String> groups) {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int partition = 0; partition < taskTopicPartitions(); partition++) {
        latest.put(new TopicPartition(TOPIC, partition), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka.listOffsets(latest).all()
          .get(15, TimeUnit.SECONDS);
      Map<String, Long> backlogs = new java.util.TreeMap<>();
      for (ConsumerGroupListing group : kafka.listConsumerGroups().all().get(15, TimeUnit.SECONDS)) {
        if (!groups.test(group.groupId())) {
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group.groupId())
            .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
        if (committed.keySet().stream().noneMatch(partition -> partition.topic().equals(TOPIC))) {
          continue; // a group of another topic (the baseline's), or one that has committed nothing yet
        }
        long backlog = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
          OffsetAndMetadata offset = committed.get(end.getKey());
          backlog += end.getValue().offset() - (offset == null ? 0 : offset.offset());
        }
        backlogs.put(group.groupId(), backlog);
      }
      return backlogs;
    } catch (Exception e) {
      log.debug("consumer backlogs unknown: {}", e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Map.of();
    }
  }

  /** Waits, at most {@code timeout}, until the tasks projection has committed everything on its topic. */
  long awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long backlog = tasksConsumerBacklog();
    while (backlog != 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      backlog = tasksConsumerBacklog();
    }
    return backlog;
  }

  /**
   * The stored version of each document of {@code ids} in {@code index} that exists (its external version: the
   * stream version of the last event applied), by one {@code _mget} per 1,000 ids, sources left out.
   */
  Map<String, Long> versions(String index, List<String> ids) throws IOException, InterruptedException {
    Map<String, Long> versions = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 1000) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      byte[] body = LoupeApi.JSON.writeValueAsBytes(Map.of("ids", chunk));
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              elasticsearch.resolve("/" + index + "/_mget?_source=false"))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("_mget on " + index + " answered " + response.statusCode() + ": " + response.body());
      }
      for (JsonNode doc : LoupeApi.JSON.readTree(response.body()).path("docs")) {
        if (doc.path("found").asBoolean(false)) {
          versions.put(doc.path("_id").asText(), doc.path("_version").asLong());
        }
      }
    }
    return versions;
  }

  /**
   * Which of {@code taskIds} a search of the {@code tasks} read model finds at WAITING_FOR_OPERATOR or later: what the
   * inbox's search sees (it filters on the status; the probed tasks are all within every operator's scope), not a
   * realtime GET. A later status counts too, because a task claimed within one refresh of its arrival is searchable as
   * claimed without ever being searchable as waiting. One search per 1,000 ids (Elasticsearch's result window allows
   * 10,000).
   */
  Set<String> searchableAtOrPastWaiting(Collection<String> taskIds) throws IOException, InterruptedException {
    List<String> ids = List.copyOf(taskIds);
    Set<String> found = new HashSet<>();
    for (int from = 0; from < ids.size(); from += 1000) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      Map<String, Object> query = Map.of(
          "size", chunk.size(),
          "_source", false,
          "query", Map.of("bool", Map.of(
              "filter", List.of(Map.of("ids", Map.of("values", chunk))),
              "must_not", List.of(Map.of("terms", Map.of("status", BEFORE_WAITING))))));
      for (JsonNode hit : searchTasks(query)) {
        found.add(hit.path("_id").asText());
      }
    }
    return found;
  }

  /**
   * The read model's status of each of {@code taskIds} that a search of {@code tasks} finds settled (DONE, or ended
   * without a result: REJECTED, DELIVERY_FAILED, CANCELLED). One search per 1,000 ids, as
   * {@link #searchableAtOrPastWaiting}.
   */
  Map<String, String> searchableSettled(Collection<String> taskIds) throws IOException, InterruptedException {
    List<String> ids = List.copyOf(taskIds);
    Map<String, String> settled = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 1000) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      Map<String, Object> query = Map.of(
          "size", chunk.size(),
          "_source", List.of("status"),
          "query", Map.of("bool", Map.of("filter", List.of(
              Map.of("ids", Map.of("values", chunk)),
              Map.of("terms", Map.of("status", SETTLED))))));
      for (JsonNode hit : searchTasks(query)) {
        settled.put(hit.path("_id").asText(), hit.path("_source").path("status").asText());
      }
    }
    return settled;
  }

  /** The hits of one search of the {@code tasks} read model. */
  private JsonNode searchTasks(Map<String, Object> query) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(elasticsearch.resolve("/tasks/_search"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(LoupeApi.JSON.writeValueAsBytes(query))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("_search on tasks answered " + response.statusCode() + ": " + response.body());
    }
    return LoupeApi.JSON.readTree(response.body()).path("hits").path("hits");
  }

  /** Events on {@link #TOPIC} so far: the sum of its partitions' end offsets (what the relay has published). */
  long publishedEvents() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < taskTopicPartitions(); partition++) {
      latest.put(new TopicPartition(TOPIC, partition), OffsetSpec.latest());
    }
    return kafka.listOffsets(latest).all().get(15, TimeUnit.SECONDS).values().stream()
        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
  }

  /** The partitions of the tasks topic (the baseline's topics get as many). */
  int taskTopicPartitions() {
    try {
      return kafka.describeTopics(List.of(TOPIC)).allTopicNames().get(15, TimeUnit.SECONDS).get(TOPIC)
          .partitions().size();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return 1;
    }
  }

  List<String> describe() {
    List<String> facts = new ArrayList<>();
    facts.add("Elasticsearch " + elasticsearch);
    facts.add(TOPIC + ": " + taskTopicPartitions() + " partition(s)");
    return facts;
  }

  @Override
  public void close() {
    kafka.close(Duration.ofSeconds(5));
  }
}
