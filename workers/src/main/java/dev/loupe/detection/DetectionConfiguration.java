package dev.loupe.detection;

import dev.loupe.inference.TritonClient;
import dev.loupe.inference.TritonClientSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

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

  /**
   * Reads with the recogniser's alphabet from the model repository on the classpath
   * ({@code model-repository/<model>/<file>}), the same files a real Triton serves.
   */
  @Bean
  TextRecognizer textRecognizer(TritonClient triton,
      @Value("${loupe.price-tags.alphabet:model-repository/text_recognition/ppocr_keys_v1.txt}") String alphabet)
      throws IOException {
    List<String> characters = new ArrayList<>(
        new ClassPathResource(alphabet).getContentAsString(StandardCharsets.UTF_8).lines().toList());
    characters.add(" ");
    return new TritonTextRecognizer(triton, new CtcDecoder(characters));
  }
}
