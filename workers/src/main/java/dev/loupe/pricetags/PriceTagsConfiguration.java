package dev.loupe.pricetags;

import dev.loupe.inference.TritonClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/** The text recogniser of price tags, on the same Triton as the detectors ({@code loupe.inference.url}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("loupe.inference.url")
class PriceTagsConfiguration {

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
