package dev.loupe.detection;

import dev.loupe.inference.TritonClient;
import dev.loupe.inference.TritonClientSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The inference port on Triton's protocol: {@code loupe.inference.url} ({@code LOUPE_INFERENCE_URL}, host:port)
 * names a real Triton, or the embedded model server when Loupe starts one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("loupe.inference.url")
class DetectionConfiguration {

  @Bean(destroyMethod = "close")
  TritonClient tritonClient(org.springframework.core.env.Environment environment, MeterRegistry meters) {
    return new TritonClient(TritonClientSettings.defaults(environment.getRequiredProperty("loupe.inference.url")), meters);
  }

  @Bean
  ObjectDetector objectDetector(TritonClient triton) {
    return new TritonObjectDetector(triton);
  }
}
