package dev.loupe.embedded;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops the embedded servers when Loupe fails to start, so a failed start leaves no server behind and the JVM
 * exits instead of idling on the servers' threads. The failed context is closed first, while the servers its beans
 * talk to still run: Spring Boot announces the failure before it closes the context, and a Camunda client closing its
 * job streams after the engine had stopped could wait on its stream lock forever, and the process with it.
 */
class EmbeddedStackStopper implements ApplicationListener<ApplicationFailedEvent> {

  @Override
  public void onApplicationEvent(ApplicationFailedEvent event) {
    ConfigurableApplicationContext context = event.getApplicationContext();
    if (context != null) {
      context.close();
    }
    EmbeddedStack.stopAll();
  }
}
