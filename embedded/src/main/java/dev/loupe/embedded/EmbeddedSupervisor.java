package dev.loupe.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts again a server of the embedded default whose process died (PostgreSQL's postmaster or Elasticsearch killed,
 * as the OOM killer or a SIGKILL would), on the same ports with the same data, as a cluster restarts a dead pod
 * (ADR 0032). {@link EmbeddedStack} looks every {@link EmbeddedStack#SUPERVISION_PERIOD}; a start that fails is
 * tried again at the next look.
 */
final class EmbeddedSupervisor {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSupervisor.class);

  private final Supplier<List<EmbeddedServer>> watched;

  /** @param watched the servers that should be running now (those stopped on purpose left out) */
  EmbeddedSupervisor(Supplier<List<EmbeddedServer>> watched) {
    this.watched = watched;
  }

  /** One look: starts each watched server that died again; answers the names of those that run again. */
  List<String> restartDead() {
    List<String> restarted = new ArrayList<>();
    for (EmbeddedServer server : watched.get()) {
      if (server.alive()) {
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
