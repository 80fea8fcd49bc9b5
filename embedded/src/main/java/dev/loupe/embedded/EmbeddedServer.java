package dev.loupe.embedded;

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

  void stop();
}
