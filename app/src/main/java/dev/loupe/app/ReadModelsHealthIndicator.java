package dev.loupe.app;

import dev.loupe.readmodels.projection.DeadLetters;
import dev.loupe.readmodels.projection.Quarantine;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code readModels}: {@code WARN} while a dead letter waits or a stream is quarantined, else UP. WARN answers HTTP
 * 200 and is not part of the readiness group, so one dead letter never takes an instance out of service.
 */
@Component("readModelsHealthIndicator")
class ReadModelsHealthIndicator extends AbstractHealthIndicator {

  static final Status WARN = new Status("WARN", "dead letters or quarantined streams wait: see /api/v1/read-models");

  private final DeadLetters deadLetters;
  private final Quarantine quarantine;

  ReadModelsHealthIndicator(DeadLetters deadLetters, Quarantine quarantine) {
    super("read models' dead letters unreadable");
    this.deadLetters = deadLetters;
    this.quarantine = quarantine;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    long waiting = deadLetters.waiting();
    long quarantined = quarantine.count();
    health.status(waiting > 0 || quarantined > 0 ? WARN : Status.UP)
        .withDetail("deadLettersWaiting", waiting)
        .withDetail("quarantinedStreams", quarantined);
  }
}
