package dev.loupe.embedded;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Stops the embedded servers when Loupe fails to start, so a failed start leaves no server behind and the JVM
 * exits instead of idling on the servers' threads.
 */
class EmbeddedStackStopper implements ApplicationListener<ApplicationFailedEvent> {

  @Override
  public void onApplicationEvent(ApplicationFailedEvent event) {
    EmbeddedStack.stopAll();
  }
}
