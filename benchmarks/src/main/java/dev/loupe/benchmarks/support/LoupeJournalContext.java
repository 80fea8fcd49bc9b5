package dev.loupe.benchmarks.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.Upcasters;
import dev.loupe.journal.archive.ArchiveProperties;
import dev.loupe.journal.archive.JournalArchive;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loupe's journal as the application wires it (component scan of its implementation), on one data source, in a
 * small Spring context of its own.
 */
public final class LoupeJournalContext implements AutoCloseable {

  private final AnnotationConfigApplicationContext context;

  private LoupeJournalContext(AnnotationConfigApplicationContext context) {
    this.context = context;
  }

  public static LoupeJournalContext open(DataSource dataSource) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, () -> dataSource);
    context.register(Wiring.class);
    context.refresh();
    return new LoupeJournalContext(context);
  }

  public EventJournal journal() {
    return context.getBean(EventJournal.class);
  }

  public JdbcClient jdbc() {
    return context.getBean(JdbcClient.class);
  }

  /** Runs {@code work} in one transaction: the journal's appends inside it commit together, with one flush. */
  public void inTransaction(Runnable work) {
    context.getBean(TransactionTemplate.class).executeWithoutResult(status -> work.run());
  }

  /** The sample event as a journal event: payload serialized to JSON here, as an application does. */
  public static NewEvent toNewEvent(SampleEvent event) {
    return new NewEvent(event.eventId(), event.type(), 1, event.eventTime(), SampleEvents.json(event.payload()),
        new EventMetadata(event.correlationId(), event.causationId(), event.actor()));
  }

  @Override
  public void close() {
    context.close();
  }

  @Configuration(proxyBeanMethods = false)
  @ComponentScan("dev.loupe.journal.internal")
  static class Wiring {

    @Bean
    NamedParameterJdbcTemplate namedParameterJdbcTemplate(DataSource dataSource) {
      return new NamedParameterJdbcTemplate(dataSource);
    }

    @Bean
    JdbcClient jdbcClient(NamedParameterJdbcTemplate jdbc) {
      return JdbcClient.create(jdbc);
    }

    @Bean
    TransactionTemplate transactionTemplate(DataSource dataSource) {
      return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** The benchmark archives nothing; the journal still reads through an archive, as in the application. */
    @Bean
    JournalArchive journalArchive(JdbcClient jdbc, DataSource dataSource) throws IOException {
      return new JournalArchive(jdbc, dataSource, new ObjectMapper(),
          new ArchiveProperties(Files.createTempDirectory("loupe-bench-archive"), 2));
    }

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    Upcasters upcasters() {
      return new Upcasters(List.of(), new ObjectMapper());
    }
  }
}
