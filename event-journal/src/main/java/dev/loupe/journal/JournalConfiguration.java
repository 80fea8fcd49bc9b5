package dev.loupe.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.loupe.journal.archive.ArchiveProperties;
import java.util.List;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Collects every {@link EventUpcaster} bean into the chain the journal reads through; binds the archive's settings;
 * opens the owner's connection.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ArchiveProperties.class, FlywayProperties.class})
class JournalConfiguration {

  /** Flyway's one or two connections at start-up, then an archive's lock and transaction, with room for a second. */
  private static final int OWNER_CONNECTIONS = 4;

  @Bean
  Upcasters upcasters(List<EventUpcaster> upcasters, ObjectMapper json) {
    return new Upcasters(upcasters, json);
  }

  /**
   * The owner's connection, for Flyway and the archive only: Spring Boot's own {@code spring.flyway.user},
   * {@code spring.flyway.password} and {@code spring.flyway.url} (unset: the application's). Without a
   * {@code spring.flyway.user} the owner is the application's own user, for a database with one role for everything
   * (a throwaway one). Not a default candidate: the application's DataSource stays Spring Boot's, and only an
   * injection point that asks for {@link JournalOwner} (or Flyway's {@link FlywayDataSource}) gets this one.
   */
  @Bean(defaultCandidate = false)
  @JournalOwner
  @FlywayDataSource
  HikariDataSource journalOwnerDataSource(DataSourceProperties application, FlywayProperties flyway) {
    DataSourceBuilder<HikariDataSource> owner = application.initializeDataSourceBuilder().type(HikariDataSource.class);
    if (flyway.getUrl() != null) {
      owner.url(flyway.getUrl());
    }
    if (flyway.getUser() != null) {
      owner.username(flyway.getUser()).password(flyway.getPassword());
    }
    HikariDataSource dataSource = owner.build();
    dataSource.setPoolName("loupe-owner");
    dataSource.setMaximumPoolSize(OWNER_CONNECTIONS);
    dataSource.setMinimumIdle(0);
    return dataSource;
  }
}
