package dev.loupe.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.relay.JournalRelay;
import dev.loupe.journal.relay.RelayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The journal relay alone in a JVM of its own, so a test can kill it with SIGKILL: no shutdown hook, no flush,
 * no offset commit. Arguments: JDBC URL, the application's user and password, the replication role and its password,
 * Kafka bootstrap servers, slot (also the publication, which must exist), topic prefix.
 */
public final class RelayProcess {

  private RelayProcess() {}

  public static void main(String[] args) throws InterruptedException {
    DataSourceProperties database = new DataSourceProperties();
    database.setUrl(args[0]);
    database.setUsername(args[1]);
    database.setPassword(args[2]);
    KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[5],
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    RelayProperties properties = new RelayProperties(true, args[6], args[6], args[7], 3, Duration.ofSeconds(1),
        Duration.ofSeconds(10), Duration.ofMillis(25), args[3], args[4]);
    JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(args[0], args[1], args[2]));
    new JournalRelay(properties, database, kafka, new ObjectMapper().findAndRegisterModules(), jdbc, new SimpleMeterRegistry()).start();
    Thread.currentThread().join();
  }
}
