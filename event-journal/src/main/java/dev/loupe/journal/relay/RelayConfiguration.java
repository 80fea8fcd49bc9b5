package dev.loupe.journal.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires the journal relay and the events topics it publishes to. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayProperties.class)
class RelayConfiguration {

  /** The task: every event of its life. */
  static final String TASK_AGGREGATE = "task";
  /** Admins' actions, the audit trail ({@code admin-<subject>-<id>} streams). */
  static final String ADMIN_AGGREGATE = "admin";

  @Bean
  NewTopic taskEventsTopic(RelayProperties properties) {
    return TopicBuilder.name(properties.topicFor(TASK_AGGREGATE)).partitions(properties.partitions()).build();
  }

  /** Made up front, so an audit consumer can subscribe before the first admin action. */
  @Bean
  NewTopic adminEventsTopic(RelayProperties properties) {
    return TopicBuilder.name(properties.topicFor(ADMIN_AGGREGATE)).partitions(properties.partitions()).build();
  }

  @Bean
  @ConditionalOnProperty(prefix = "loupe.relay", name = "enabled", havingValue = "true", matchIfMissing = true)
  JournalRelay journalRelay(
      RelayProperties properties,
      DataSourceProperties database,
      KafkaTemplate<String, String> kafka,
      ObjectMapper json,
      JdbcClient jdbc,
      MeterRegistry meters) {
    return new JournalRelay(properties, database, kafka, json, jdbc, meters);
  }
}
