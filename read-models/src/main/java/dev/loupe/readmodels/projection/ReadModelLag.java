package dev.loupe.readmodels.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far behind the journal a read model is: events (its consumer group's committed offsets against the topics'
 * ends) and seconds (how old the newest event it projected was recorded, while events wait; 0 when none do).
 */
@Component
public class ReadModelLag implements DisposableBean {

  /** A read model's lag; {@code seconds} is null when this instance has projected nothing yet and events wait. */
  public record Lag(long events, Double seconds) {}

  private final Admin admin;
  private final ProjectionRunner runner;
  private final String topic;

  ReadModelLag(KafkaAdmin kafkaAdmin, ProjectionRunner runner,
      @Value("${loupe.relay.topic-prefix:loupe.events}") String topicPrefix) {
    this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    this.runner = runner;
    this.topic = topicPrefix + ".task";
  }

  public Lag of(ReadModelDefinition readModel) {
    return of(List.of(readModel)).get(readModel.name());
  }

  /**
   * Every given read model's lag, from four questions to Kafka whatever their number: the topic's partitions, its
   * ends, its starts, and every consumer group's committed offsets at once.
   */
  public Map<String, Lag> of(Collection<ReadModelDefinition> readModels) {
    Map<String, Long> behind = eventsBehind(readModels);
    Map<String, Lag> lags = new LinkedHashMap<>();
    for (ReadModelDefinition readModel : readModels) {
      long events = behind.get(readModel.groupId());
      Instant last = events == 0 ? null : runner.lastRecorded(readModel.name());
      lags.put(readModel.name(), events == 0 ? new Lag(0, 0.0)
          : new Lag(events, last == null ? null : Duration.between(last, Instant.now()).toMillis() / 1000.0));
    }
    return lags;
  }

  /** Per consumer group, over every partition of the events topic: its end, less the committed offset (or start). */
  private Map<String, Long> eventsBehind(Collection<ReadModelDefinition> readModels) {
    try {
      Map<String, ListConsumerGroupOffsetsSpec> groups = new LinkedHashMap<>();
      readModels.forEach(readModel -> groups.put(readModel.groupId(), new ListConsumerGroupOffsetsSpec()));
      ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(groups);
      List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
          .get(topic).partitions().stream()
          .map(partition -> new TopicPartition(topic, partition.partition()))
          .toList();
      Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
      Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
      Map<String, Map<TopicPartition, OffsetAndMetadata>> positions = committed.all().get(5, TimeUnit.SECONDS);
      Map<String, Long> behind = new HashMap<>();
      for (String groupId : groups.keySet()) {
        Map<TopicPartition, OffsetAndMetadata> group = positions.getOrDefault(groupId, Map.of());
        long events = 0;
        for (TopicPartition partition : partitions) {
          OffsetAndMetadata position = group.get(partition);
          long from = position == null ? starts.get(partition).offset() : position.offset();
          events += Math.max(0, ends.get(partition).offset() - from);
        }
        behind.put(groupId, events);
      }
      return behind;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not tell the read models' lag: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka for the read models' lag", e);
    }
  }

  private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(partition, spec));
    return admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
  }

  @Override
  public void destroy() {
    admin.close();
  }
}
