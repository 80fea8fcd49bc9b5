package dev.loupe.benchmarks.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A throw-away single-node Kafka in KRaft mode (broker and controller in one JVM, as Loupe's embedded module runs
 * it) on free loopback ports, its log in a temporary directory deleted on close.
 */
final class InProcessKafka implements AutoCloseable {

  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final Path logDirectory;
  private final int port;
  private final KafkaRaftServer server;

  private InProcessKafka(Path logDirectory, int port, KafkaRaftServer server) {
    this.logDirectory = logDirectory;
    this.port = port;
    this.server = server;
  }

  static InProcessKafka start() throws Exception {
    Path logDirectory = Files.createTempDirectory("loupe-bench-kafka");
    int port = freePort();
    int controllerPort = freePort();
    format(logDirectory);
    KafkaRaftServer server =
        new KafkaRaftServer(new KafkaConfig(config(logDirectory, port, controllerPort), false), Time.SYSTEM);
    server.startup();
    return new InProcessKafka(logDirectory, port, server);
  }

  private static Properties config(Path logDirectory, int port, int controllerPort) {
    Properties config = new Properties();
    config.setProperty("process.roles", "broker,controller");
    config.setProperty("node.id", "1");
    config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.setProperty("listeners",
        "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
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
    return config;
  }

  private static void format(Path logDirectory) throws Exception {
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
    server.awaitShutdown();
    try (Stream<Path> files = Files.walk(logDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
