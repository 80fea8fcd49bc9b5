package dev.loupe.app;

import dev.loupe.journal.relay.JournalRelay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code relay}: the journal → Kafka relay of this instance is running; DOWN with the reason while it waits to
 * start again after a failure. UNKNOWN when this instance runs no relay ({@code loupe.relay.enabled=false}).
 */
@Component("relay")
class RelayHealthIndicator extends AbstractHealthIndicator {

  private final ObjectProvider<JournalRelay> relay;

  RelayHealthIndicator(ObjectProvider<JournalRelay> relay) {
    this.relay = relay;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    JournalRelay journalRelay = relay.getIfAvailable();
    if (journalRelay == null) {
      health.unknown().withDetail("reason", "this instance runs no relay");
      return;
    }
    if (journalRelay.isRunning()) {
      health.up();
    } else {
      health.down();
    }
    if (journalRelay.lastFailure() != null) {
      health.withDetail("lastFailure", journalRelay.lastFailure());
    }
  }
}
