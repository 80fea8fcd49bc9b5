package dev.loupe.embedded;

import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * What the embedded default starts, read from the environment: a server starts only when Loupe is not
 * configured to use an external one.
 */
record EmbeddedSettings(
    Path dataDirectory,
    boolean zeebe,
    int zeebePort,
    EmbeddedZeebe.StateStore zeebeState,
    boolean postgres,
    int postgresPort,
    boolean postgresDurable,
    boolean kafka,
    int kafkaPort,
    int kafkaControllerPort,
    boolean elasticsearch,
    int elasticsearchPort,
    int elasticsearchTransportPort,
    String elasticsearchHeap,
    boolean inference,
    int inferencePort) {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSettings.class);
  static final String ENABLED = "loupe.embedded.enabled";
  static final String DATA_DIR = "loupe.data-dir";
  private static final String CAMUNDA_MODE_DEFAULTS = "modes/";
  /** Spring Boot's view over all other property sources. */
  private static final String SPRING_ATTACHED_VIEW = "configurationProperties";

  static boolean enabled(Environment environment) {
    return environment.getProperty(ENABLED, Boolean.class, true);
  }

  /**
   * Whether the property is set by the user. Spring Boot's view over every source does not count, and the Camunda starter's own property sources (its mode defaults from
   * {@code modes/*.yaml}, pointing at localhost:26500, and its legacy-name mappings) do not count.
   */
  private static boolean configured(ConfigurableEnvironment environment, String property) {
    for (PropertySource<?> source : environment.getPropertySources()) {
      boolean notTheUsers = source.getName().equals(SPRING_ATTACHED_VIEW)
          || source.getName().contains(CAMUNDA_MODE_DEFAULTS)
          || source.getClass().getName().startsWith("io.camunda.");
      if (source.containsProperty(property) && !notTheUsers) {
        log.info("{} is configured ({}): using that server instead of an embedded one", property, source.getName());
        return true;
      }
    }
    return false;
  }

  static EmbeddedSettings from(ConfigurableEnvironment environment) {
    return new EmbeddedSettings(
        Path.of(environment.getProperty(DATA_DIR, ".loupe")).toAbsolutePath().normalize(),
        !configured(environment, "camunda.client.grpc-address")
            && environment.getProperty("camunda.client.enabled", Boolean.class, true),
        environment.getProperty("loupe.embedded.zeebe.port", Integer.class, 26500),
        EmbeddedZeebe.StateStore.valueOf(
            environment.getProperty("loupe.embedded.zeebe.state", "rocksdb").trim().toUpperCase(Locale.ROOT)),
        !configured(environment, "spring.datasource.url"),
        environment.getProperty("loupe.embedded.postgres.port", Integer.class, 15432),
        environment.getProperty("loupe.embedded.postgres.durable", Boolean.class, true),
        !configured(environment, "spring.kafka.bootstrap-servers"),
        environment.getProperty("loupe.embedded.kafka.port", Integer.class, 19092),
        environment.getProperty("loupe.embedded.kafka.controller-port", Integer.class, 19093),
        !configured(environment, "spring.elasticsearch.uris"),
        environment.getProperty("loupe.embedded.elasticsearch.port", Integer.class, 19200),
        environment.getProperty("loupe.embedded.elasticsearch.transport-port", Integer.class, 19300),
        environment.getProperty("loupe.embedded.elasticsearch.heap", "512m"),
        !configured(environment, "loupe.inference.url"),
        environment.getProperty("loupe.embedded.inference.port", Integer.class, 18001));
  }
}
