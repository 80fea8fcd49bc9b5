package dev.loupe.embedded;

import java.time.Duration;

/**
 * Real outages of the embedded servers, for fault tests: a server is stopped as a crash of its host would stop it
 * (its port closes, its clients' requests fail) and later started again on the same port with the same data.
 * Servers are named as the log names them: {@code Elasticsearch}, {@code PostgreSQL}, {@code Kafka}, ...
 */
public final class EmbeddedOutages {

  private EmbeddedOutages() {}

  public static void stop(String server) {
    EmbeddedStack.stop(server);
  }

  public static void restart(String server) throws Exception {
    EmbeddedStack.restart(server);
  }

  /** Stops the server now and starts it again after {@code outage}, without waiting. */
  public static void stopFor(String server, Duration outage) {
    EmbeddedStack.stopFor(server, outage);
  }

  /** Whether this JVM started an embedded server of that name. */
  public static boolean runs(String server) {
    return EmbeddedStack.runs(server);
  }
}
