package dev.loupe.local;

import dev.loupe.embedded.EmbeddedOutages;
import dev.loupe.faults.FaultPoints;
import java.time.Duration;
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

  ModelServerOutageFault(@Value("${" + FaultPoints.OUTAGE_SECONDS + ":60}") long outageSeconds) {
    if (FaultPoints.armed(FaultPoints.MODEL_SERVER_OUTAGE) && EmbeddedOutages.runs(MODEL_SERVER)) {
      Duration outage = Duration.ofSeconds(outageSeconds);
      FaultPoints.onReach(FaultPoints.MODEL_SERVER_OUTAGE, () -> EmbeddedOutages.stopFor(MODEL_SERVER, outage));
    }
  }
}
