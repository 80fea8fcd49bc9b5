package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.support.SampleEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The peer: Axon Framework 4's JDBC event storage engine as a Spring application configures it (Spring's transaction
 * manager and connection provider), Jackson serializer, its own PostgreSQL schema. One append is one
 * {@code appendEvents} call: Axon's batch INSERT in one transaction.
 */
final class AxonAppends implements AppendTarget {

  static final String AGGREGATE_TYPE = "Task";
  private final JdbcEventStorageEngine engine;

  AxonAppends(DataSource database) {
    this.engine = engine(database);
  }

  private static JdbcEventStorageEngine engine(DataSource database) {
    JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    return JdbcEventStorageEngine.builder()
        .connectionProvider(new SpringDataSourceConnectionProvider(database))
        .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(database)))
        .eventSerializer(serializer)
        .snapshotSerializer(serializer)
        .build();
  }

  static void createSchema(DataSource database) {
    engine(database).createSchema(PostgresEventTableFactory.INSTANCE);
  }

  @Override
  public void append(String streamId, List<SampleEvent> events) {
    List<DomainEventMessage<?>> messages = new ArrayList<>(events.size());
    long sequence = 0;
    for (SampleEvent event : events) {
      messages.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, streamId, sequence++, event.payload(),
          Map.of("correlationId", event.correlationId(), "causationId", event.causationId(), "actor", event.actor()),
          event.eventId().toString(), event.eventTime()));
    }
    engine.appendEvents(messages);
  }
}
