package dev.loupe.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import dev.loupe.journal.archive.ArchiveProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Collects every {@link EventUpcaster} bean into the chain the journal reads through; binds the archive's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveProperties.class)
class JournalConfiguration {

  @Bean
  Upcasters upcasters(List<EventUpcaster> upcasters, ObjectMapper json) {
    return new Upcasters(upcasters, json);
  }
}
