package dev.loupe.embedded;

import java.nio.file.Path;
import org.springframework.core.env.Environment;

/**
 * What the embedded default starts, read from the environment: a server starts only when Loupe is not
 * configured to use an external one.
 */
record EmbeddedSettings(
    Path dataDirectory,
    boolean zeebe,
    int zeebePort,
    boolean postgres,
    int postgresPort,
    boolean kafka,
    int kafkaPort,
    int kafkaControllerPort,
    boolean elasticsearch,
    int elasticsearchPort,
    int elasticsearchTransportPort,
    String elasticsearchHeap) {

  static final String ENABLED = "loupe.embedded.enabled";
  static final String DATA_DIR = "loupe.data-dir";

  static boolean enabled(Environment environment) {
    return environment.getProperty(ENABLED, Boolean.class, true);
  }

  static EmbeddedSettings from(Environment environment) {
    return new EmbeddedSettings(
        Path.of(environment.getProperty(DATA_DIR, ".loupe")).toAbsolutePath().normalize(),
        !environment.containsProperty("camunda.client.grpc-address")
            && environment.getProperty("camunda.client.enabled", Boolean.class, true),
        environment.getProperty("loupe.embedded.zeebe.port", Integer.class, 26500),
        !environment.containsProperty("spring.datasource.url"),
        environment.getProperty("loupe.embedded.postgres.port", Integer.class, 15432),
        !environment.containsProperty("spring.kafka.bootstrap-servers"),
        environment.getProperty("loupe.embedded.kafka.port", Integer.class, 19092),
        environment.getProperty("loupe.embedded.kafka.controller-port", Integer.class, 19093),
        !environment.containsProperty("spring.elasticsearch.uris"),
        environment.getProperty("loupe.embedded.elasticsearch.port", Integer.class, 19200),
        environment.getProperty("loupe.embedded.elasticsearch.transport-port", Integer.class, 19300),
        environment.getProperty("loupe.embedded.elasticsearch.heap", "512m"));
  }
}
