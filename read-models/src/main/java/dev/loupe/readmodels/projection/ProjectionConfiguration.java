package dev.loupe.readmodels.projection;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The projectors' Kafka consumers: batch listeners, as many per read model as {@code loupe.read-models.concurrency}
 * (at most one per partition), and their dead letters.
 *
 * <p>A record a projection cannot use goes to {@code <topic>.DLT} at once, from the listener, with its reason. Any
 * exception the listener throws is the infrastructure's (Elasticsearch, PostgreSQL): the error handler pauses the
 * consumer and retries the whole batch with a backoff growing to 30 s, for as long as it takes, keeping the offset.
 * An outage therefore grows the lag and never fills the dead letters.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

  static final String CONTAINER_FACTORY = "projectionContainerFactory";
  static final String DEAD_LETTER_SUFFIX = ".DLT";
  static final String READ_MODEL_HEADER = "loupe-read-model";

  /**
   * Each record to {@code <topic>.DLT}, on the partition it came from (the topics have as many), with Spring Kafka's
   * headers (original topic, partition, offset, exception) and {@value #READ_MODEL_HEADER}: which read model could
   * not use it.
   */
  @Bean
  DeadLetterPublishingRecoverer projectionDeadLetters(KafkaTemplate<Object, Object> kafka) {
    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
        (record, exception) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, record.partition()));
    recoverer.setHeadersFunction((record, exception) -> {
      RecordHeaders headers = new RecordHeaders();
      if (exception instanceof ProjectionRunner.UnusableEvent unusable) {
        headers.add(READ_MODEL_HEADER, unusable.readModel().getBytes(StandardCharsets.UTF_8));
      }
      return headers;
    });
    return recoverer;
  }

  /** Kept until deleted: a dead letter must wait for people, not expire with the broker's retention. */
  @Bean
  NewTopic taskEventsDeadLetterTopic(@Value("${loupe.relay.topic-prefix:loupe.events}") String topicPrefix,
      @Value("${loupe.relay.partitions:12}") int partitions) {
    return TopicBuilder.name(topicPrefix + ".task" + DEAD_LETTER_SUFFIX).partitions(partitions)
        .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
        .build();
  }

  @Bean(CONTAINER_FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> projectionContainerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties kafka,
      @Value("${loupe.read-models.concurrency:4}") int concurrency,
      @Value("${loupe.read-models.max-batch:1000}") int maxBatch,
      @Value("${loupe.relay.partitions:12}") int partitions) {
    Map<String, Object> consumer = kafka.buildConsumerProperties();
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, new DefaultKafkaConsumerFactory<>(consumer));
    factory.setBatchListener(true);
    factory.setConcurrency(Math.max(1, Math.min(concurrency, partitions)));
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(30_000);
    factory.setCommonErrorHandler(new DefaultErrorHandler((record, exception) -> {
      throw new IllegalStateException("an infrastructure failure is retried until it passes", exception);
    }, backOff));
    return factory;
  }
}
