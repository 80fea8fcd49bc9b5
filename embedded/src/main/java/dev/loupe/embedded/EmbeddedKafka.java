package dev.loupe.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka in KRaft mode (broker and controller in one), in-process. Its log directory is formatted
 * once and kept across restarts: {@code <data-dir>/kafka} for the embedded default, a folder of their own for
 * the benchmarks.
 */
public final class EmbeddedKafka implements EmbeddedServer {

  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final Path logDirectory;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  EmbeddedKafka(Path logDirectory, int port, int controllerPort) {
    this.logDirectory = logDirectory;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** A Kafka on free loopback ports, its log in {@code logDirectory}; {@link #start} starts it. */
  public static EmbeddedKafka onFreePorts(Path logDirectory) {
    return new EmbeddedKafka(logDirectory, Ports.freePort(), Ports.freePort());
  }

  @Override
  public String name() {
    return "Kafka";
  }

  @Override
  public Map<String, String> start() throws Exception {
    Files.createDirectories(logDirectory);
    Properties config = brokerConfig();
    if (!Files.exists(logDirectory.resolve("meta.properties"))) {
      format();
    }
    server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    server.startup();
    return Map.of("spring.kafka.bootstrap-servers", address());
  }

  private Properties brokerConfig() {
    Properties config = new Properties();
    config.setProperty("process.roles", "broker,controller");
    config.setProperty("node.id", "1");
    config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    config.setProperty("advertised.listeners", "PLAINTEXT://" + address());
    config.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    config.setProperty("inter.broker.listener.name", "PLAINTEXT");
    config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    config.setProperty("log.dirs", logDirectory.toString());
    config.setProperty("num.partitions", "3");
    config.setProperty("offsets.topic.replication.factor", "1");
    config.setProperty("offsets.topic.num.partitions", "3");
    config.setProperty("transaction.state.log.replication.factor", "1");
    config.setProperty("transaction.state.log.min.isr", "1");
    config.setProperty("group.initial.rebalance.delay.ms", "0");
    config.setProperty("auto.create.topics.enable", "true");
    return config;
  }

  private void format() throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setMetadataLogDirectory(logDirectory.toString())
        .addDirectory(logDirectory.toString())
        .setSupportedFeatures(Features.PRODUCTION_FEATURES)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public List<Integer> ports() {
    return List.of(port, controllerPort);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
    }
  }
}
