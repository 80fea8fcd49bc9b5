package dev.loupe.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops the embedded servers when Loupe fails to start, so a failed start leaves no server behind and the JVM
 * exits instead of idling on the servers' threads. The failed context is closed first, while the servers its beans
 * talk to still run: Spring Boot announces the failure before it closes the context, and a Camunda client closing its
 * job streams after the engine had stopped could wait on its stream lock forever, and the process with it. The cause
 * is logged first, since Spring reports it only after this listener (a context that failed while refreshing is
 * already closed, and closing it again does nothing).
 */
class EmbeddedStackStopper implements ApplicationListener<ApplicationFailedEvent> {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStackStopper.class);

  @Override
  public void onApplicationEvent(ApplicationFailedEvent event) {
    log.error("Loupe did not start ({}); stopping the embedded servers", event.getException().toString());
    try {
      ConfigurableApplicationContext context = event.getApplicationContext();
      if (context != null) {
        context.close();
      }
    } finally {
      EmbeddedStack.stopAll();
    }
  }
}
