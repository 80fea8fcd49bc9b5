package dev.loupe.app;

import dev.loupe.journal.relay.RelayProperties;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the roles {@code db/migration/R__grants.sql} grants to after the users the connections are configured with:
 * the application's datasource user and the relay's. A role is named once, where its connection is, so the grants
 * cannot drift to a role nobody connects as.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseGrants {

  @Bean
  FlywayConfigurationCustomizer grantPlaceholders(DataSourceProperties application, RelayProperties relay) {
    return flyway -> {
      Map<String, String> placeholders = new HashMap<>(flyway.getPlaceholders());
      placeholders.put("application_role", application.determineUsername());
      placeholders.put("replication_role", relay.username(application));
      placeholders.put("relay_publication", relay.publicationName());
      flyway.placeholders(placeholders);
    };
  }
}
