package dev.loupe.embedded;

import java.util.List;
import java.util.Map;

/** One real server of the embedded default, started for this JVM when no external endpoint is configured. */
interface EmbeddedServer {

  /** A short name for logs and errors: {@code Kafka}, {@code PostgreSQL}... */
  String name();

  /**
   * Starts the server and waits until it accepts connections.
   *
   * @return the Spring properties that point Loupe at it
   * @throws EmbeddedServerException with one clear line when it cannot start
   */
  Map<String, String> start() throws Exception;

  /** Where clients reach it, for the log. */
  String address();

  /** Every port it listens on: Loupe's outbound policy refuses them to the URLs clients give it. */
  List<Integer> ports();

  void stop();

  /**
   * Whether it still runs once started: a server in a child process says false when that process died (a SIGKILL,
   * the OOM killer), and {@link EmbeddedSupervisor} starts it again. One that runs in Loupe's JVM dies with it.
   */
  default boolean alive() {
    return true;
  }
}
