package dev.loupe.local;

import dev.loupe.embedded.EmbeddedOutages;
import dev.loupe.faults.FaultPoints;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Chaos runs only: with the fault point {@value FaultPoints#MODEL_SERVER_OUTAGE} armed, a detection about to call the
 * embedded model server stops it, and it starts again on the same port after
 * {@code loupe.fault-points.outage-seconds} (default 60). The model server runs in Loupe's JVM, so it cannot be
 * killed alone; its gRPC port closes as a dead Triton's would (ADR 0032). Unarmed, this does nothing.
 */
@Component
class ModelServerOutageFault {

  static final String MODEL_SERVER = "model server";

  @Autowired
  ModelServerOutageFault(@Value("${" + FaultPoints.OUTAGE_SECONDS + ":60}") long outageSeconds) {
    this(outageSeconds, FaultPoints.armed(FaultPoints.MODEL_SERVER_OUTAGE), EmbeddedOutages.runs(MODEL_SERVER));
  }

  /**
   * @throws IllegalStateException when the point is armed but no embedded model server runs here (the inference URL
   *     names another server): reaching the point would halt the JVM instead of stopping a server, so Loupe refuses
   *     to start with that setting rather than die in the middle of a run
   */
  ModelServerOutageFault(long outageSeconds, boolean armed, boolean embeddedServerRuns) {
    if (!armed) {
      return;
    }
    if (!embeddedServerRuns) {
      throw new IllegalStateException("the fault point " + FaultPoints.MODEL_SERVER_OUTAGE + " is armed (-D"
          + FaultPoints.ARMED + "), but no embedded model server runs here to stop: it is for chaos runs of the "
          + "local distribution with its own model server (leave loupe.inference.url unset)");
    }
    Duration outage = Duration.ofSeconds(outageSeconds);
    FaultPoints.onReach(FaultPoints.MODEL_SERVER_OUTAGE, () -> EmbeddedOutages.stopFor(MODEL_SERVER, outage));
  }
}
