package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViewProjection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "before" of the projection-only ratio: what Loupe's tasks projector did until issue 11, rebuilt in the
 * harness against an index of its own. One consumer thread; for each event: GET the document, skip it when the
 * document is already at or past the event's version, else {@link TaskViewProjection#apply} and index the result
 * with {@code version_type=external} (a 409 is an already-newer document). It talks to Elasticsearch over plain
 * HTTP where the application used the Java client: the same requests, one at a time.
 */
final class BaselineProjector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BaselineProjector.class);
  static final String INDEX = "bench-baseline-tasks-v1";

  /** The read model's alias whose index's mapping the baseline's index copies. */
  private static final String TASKS = "tasks";

  private final URI elasticsearch;
  private final TaskViewProjection projection = new TaskViewProjection(LoupeApi.JSON);
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final KafkaConsumer<String, String> consumer;
  private final Thread thread;
  private volatile boolean stop;
  private volatile long handled;
  private volatile long applied;

  private BaselineProjector(URI elasticsearch, String bootstrap, String topic) {
    this.elasticsearch = elasticsearch;
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + topic);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    this.thread = new Thread(this::consume, "bench-baseline-projector");
    thread.setDaemon(true);
  }

  /**
   * Creates the baseline's index afresh (deleting one left over), with the mapping of the index the {@code tasks} alias
   * points to, so that the documents the projection folds fit it as they fit Loupe's, and starts consuming
   * {@code topic}.
   */
  static BaselineProjector start(URI elasticsearch, String bootstrap, String topic) throws IOException,
      InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    http.send(HttpRequest.newBuilder(elasticsearch.resolve("/" + INDEX)).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
    String body = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},\"mappings\":"
        + tasksMapping(http, elasticsearch) + "}";
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(elasticsearch.resolve("/" + INDEX))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 200) {
      throw new IOException("creating " + INDEX + " answered " + created.statusCode() + ": " + created.body());
    }
    BaselineProjector projector = new BaselineProjector(elasticsearch, bootstrap, topic);
    projector.thread.start();
    return projector;
  }

  /** The mapping of the index behind the {@code tasks} alias, as Elasticsearch answers it. */
  private static String tasksMapping(HttpClient http, URI elasticsearch) throws IOException, InterruptedException {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(elasticsearch.resolve("/" + TASKS + "/_mapping"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("the mapping of " + TASKS + " answered " + answer.statusCode() + ": " + answer.body());
    }
    var indices = LoupeApi.JSON.readTree(answer.body()).properties();
    if (indices.size() != 1) {
      throw new IOException("the alias " + TASKS + " points to " + indices.size() + " indices, not one");
    }
    return LoupeApi.JSON.writeValueAsString(indices.iterator().next().getValue().path("mappings"));
  }

  long applied() {
    return applied;
  }

  /** Events read and handled (applied or skipped). */
  long handled() {
    return handled;
  }

  private void consume() {
    try {
      while (!stop) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          if (stop) {
            break;
          }
          project(record.value());
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException woken) {
      // stopping
    } catch (IOException | RuntimeException e) {
      if (!stop) {
        log.warn("baseline projector stopped: {}", e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void project(String message) throws IOException, InterruptedException {
    handled++;
    JournalMessage event = JournalMessage.parse(LoupeApi.JSON, message);
    String id = TaskViewProjection.taskId(event.streamId());
    HttpResponse<String> stored = http.send(HttpRequest.newBuilder(elasticsearch.resolve("/" + INDEX + "/_doc/" + id))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    TaskView current = null;
    if (stored.statusCode() == 200) {
      JsonNode doc = LoupeApi.JSON.readTree(stored.body());
      current = LoupeApi.JSON.treeToValue(doc.path("_source"), TaskView.class);
    }
    if (current != null && current.version() >= event.version()) {
      return;
    }
    TaskView next = projection.apply(current, event);
    HttpResponse<String> indexed = http.send(HttpRequest.newBuilder(elasticsearch.resolve(
            "/" + INDEX + "/_doc/" + id + "?version=" + next.version() + "&version_type=external"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(LoupeApi.JSON.writeValueAsBytes(next))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (indexed.statusCode() / 100 == 2) {
      applied++;
    } else if (indexed.statusCode() != 409) {
      throw new IOException("indexing " + id + " answered " + indexed.statusCode() + ": " + indexed.body());
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
