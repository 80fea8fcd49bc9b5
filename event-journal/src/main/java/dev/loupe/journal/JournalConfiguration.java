package dev.loupe.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Collects every {@link EventUpcaster} bean into the chain the journal reads through. */
@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

  @Bean
  Upcasters upcasters(List<EventUpcaster> upcasters, ObjectMapper json) {
    return new Upcasters(upcasters, json);
  }
}
