package dev.loupe.detection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The instance's inference slots: {@code loupe.inference.concurrency}, by default one per available core. */
@Configuration(proxyBeanMethods = false)
class InferenceSlotsConfiguration {

  @Bean
  InferenceSlots inferenceSlots(@Value("${loupe.inference.concurrency:0}") int concurrency,
      ObjectProvider<MeterRegistry> meters) {
    return new InferenceSlots(InferenceSlots.sizeFor(concurrency), meters.getIfAvailable(SimpleMeterRegistry::new));
  }
}
