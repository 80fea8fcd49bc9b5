package dev.loupe.readmodels;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Error handling shared by the projectors: a failing record is retried with a backoff growing to 30 s for up to
 * 10 minutes (an Elasticsearch restart must not lose events), then goes to {@code <topic>.DLT}; a message that
 * is not a journal event goes there at once. One bad event never stops a read model.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelsConfiguration {

  @Bean
  DefaultErrorHandler projectionErrorHandler(KafkaTemplate<Object, Object> kafka) {
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(30_000);
    backOff.setMaxElapsedTime(600_000);
    DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(kafka), backOff);
    handler.addNotRetryableExceptions(IllegalArgumentException.class);
    return handler;
  }
}
