package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoupeProcessTest {

  @Test
  void shouldReadEmbeddedServersAddressesFromTheLog() {
    List<String> log = List.of(
        "2026-12-02T03:22:51Z  INFO 1 --- [loupe] [t-4] dev.loupe.embedded.EmbeddedStack : Starting embedded Kafka at 127.0.0.1:0",
        "2026-12-02T03:23:12Z  INFO 1 --- [loupe] [t-2] dev.loupe.embedded.EmbeddedStack : Started embedded Kafka at 127.0.0.1:39791 in 30124 ms",
        "2026-12-02T03:23:33Z  INFO 1 --- [loupe] [t-3] dev.loupe.embedded.EmbeddedStack : Started embedded Elasticsearch at 127.0.0.1:43431 in 51927 ms");
    assertThat(LoupeProcess.embeddedAddress(log, "Kafka")).contains("127.0.0.1:39791");
    assertThat(LoupeProcess.embeddedAddress(log, "Elasticsearch")).contains("127.0.0.1:43431");
    assertThat(LoupeProcess.embeddedAddress(log, "PostgreSQL")).isEmpty();
  }
}
