package dev.loupe.readmodels.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
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
    long events = eventsBehind(readModel.groupId());
    if (events == 0) {
      return new Lag(0, 0.0);
    }
    Instant last = runner.lastRecorded(readModel.name());
    return new Lag(events, last == null ? null : Duration.between(last, Instant.now()).toMillis() / 1000.0);
  }

  /** Over every partition of the events topic: its end, less the group's committed offset (or the start). */
  private long eventsBehind(String groupId) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
      List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
          .get(topic).partitions().stream()
          .map(partition -> new TopicPartition(topic, partition.partition()))
          .toList();
      Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
      Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
      long behind = 0;
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata position = committed.get(partition);
        long from = position == null ? starts.get(partition).offset() : position.offset();
        behind += Math.max(0, ends.get(partition).offset() - from);
      }
      return behind;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not tell the lag of " + groupId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka for the lag of " + groupId, e);
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
