package dev.loupe.embedded;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded servers once the environment is known and logging is set up, before any bean exists,
 * and adds the properties that point Loupe at them. They go first, above the Camunda starter's mode defaults;
 * they only name servers the user configured nothing for. With them goes the local distribution's outbound
 * policy ({@link EmbeddedOutboundPolicy}): loopback allowed, the servers' ports refused. The local distribution's
 * own defaults go last, under anything the user sets: staff may create tasks without a client there, to try recipes.
 */
class EmbeddedStackStarter implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  static final String PROPERTY_SOURCE = "loupeEmbeddedServers";
  static final String LOCAL_DEFAULTS = "loupeLocalDefaults";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment environment = event.getEnvironment();
    if (!EmbeddedSettings.enabled(environment) || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
      return;
    }
    Map<String, Object> properties = new HashMap<>(EmbeddedStack.startOnce(EmbeddedSettings.from(environment)));
    properties.putAll(EmbeddedOutboundPolicy.properties(environment, EmbeddedStack.ports()));
    environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    environment.getPropertySources().addLast(new MapPropertySource(LOCAL_DEFAULTS,
        Map.of("loupe.security.staff-tasks", "true")));
    SpringApplication.getShutdownHandlers().add(EmbeddedStack::stopAll);
  }

  @Override
  public int getOrder() {
    return LoggingApplicationListener.DEFAULT_ORDER + 1;
  }
}
