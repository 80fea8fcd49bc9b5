package dev.loupe.readmodels;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Error handling shared by the projectors: a record that keeps failing goes to {@code <topic>.DLT} after a few
 * retries, so one bad event never stops a read model.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelsConfiguration {

  @Bean
  DefaultErrorHandler projectionErrorHandler(KafkaTemplate<Object, Object> kafka) {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxAttempts(4);
    DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(kafka), backOff);
    handler.addNotRetryableExceptions(IllegalArgumentException.class);
    return handler;
  }
}
