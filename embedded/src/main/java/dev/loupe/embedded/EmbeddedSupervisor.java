package dev.loupe.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts again a server of the embedded default whose process died (PostgreSQL's postmaster or Elasticsearch killed,
 * as the OOM killer or a SIGKILL would), on the same ports with the same data, as a cluster restarts a dead pod
 * (ADR 0032). {@link EmbeddedStack} looks every {@link EmbeddedStack#SUPERVISION_PERIOD}; a start that fails is
 * tried again at the next look. While the JVM shuts down it starts nothing: zonky's own shutdown hook stops PostgreSQL
 * then, and a PostgreSQL started again at that moment outlived Loupe (zonky cannot register its hook for it, and
 * nobody stops it), as a chaos run found.
 */
final class EmbeddedSupervisor {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSupervisor.class);

  private final Supplier<List<EmbeddedServer>> watched;
  private final BooleanSupplier shuttingDown;

  /**
   * @param watched the servers that should be running now (those stopped on purpose left out)
   * @param shuttingDown whether the JVM is shutting down
   */
  EmbeddedSupervisor(Supplier<List<EmbeddedServer>> watched, BooleanSupplier shuttingDown) {
    this.watched = watched;
    this.shuttingDown = shuttingDown;
  }

  /** Whether this JVM's shutdown has begun: a shutdown hook can no longer be added then. */
  static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }

  /** One look: starts each watched server that died again; answers the names of those that run again. */
  List<String> restartDead() {
    List<String> restarted = new ArrayList<>();
    for (EmbeddedServer server : watched.get()) {
      if (server.alive() || shuttingDown.getAsBoolean()) {
        continue;
      }
      log.warn("Embedded {} at {} died: starting it again on the same ports and data", server.name(),
          server.address());
      long begin = System.nanoTime();
      try {
        server.stop();
      } catch (RuntimeException alreadyGone) {
        log.debug("what was left of embedded {} did not stop cleanly", server.name(), alreadyGone);
      }
      try {
        server.start();
        restarted.add(server.name());
        log.info("Restarted embedded {} at {} in {} ms", server.name(), server.address(),
            (System.nanoTime() - begin) / 1_000_000);
      } catch (Exception failed) {
        log.error("Embedded {} did not start again (tried again shortly): {}", server.name(), failed.toString());
      }
    }
    return restarted;
  }
}
