package dev.loupe.readmodels.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RebuildRetriesTest {

  private final Retry retry = RebuildRetries.of("tasks", 4, Duration.ofMillis(1));

  @Test
  void shouldProjectAPageAgainUntilAPassingFailureIsGone() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    Callable<String> page = () -> {
      if (tries.incrementAndGet() < 3) {
        throw new IOException("connection reset");
      }
      return "projected";
    };

    assertThat(Retry.decorateCallable(retry, page).call()).isEqualTo("projected");
    assertThat(tries).hasValue(3);
  }

  @Test
  void shouldGiveUpAfterTheLastTry() {
    AtomicInteger tries = new AtomicInteger();
    Callable<String> page = () -> {
      tries.incrementAndGet();
      throw refused(503);
    };

    assertThatThrownBy(() -> Retry.decorateCallable(retry, page).call()).isInstanceOf(ElasticsearchException.class);
    assertThat(tries).hasValue(4);
  }

  @Test
  void shouldTellFailuresThatPassFromThoseThatDoNot() {
    assertThat(RebuildRetries.passes(new IOException("unreachable"))).isTrue();
    assertThat(RebuildRetries.passes(new UncheckedIOException(new IOException("3 documents not indexed")))).isTrue();
    assertThat(RebuildRetries.passes(refused(429))).isTrue();
    assertThat(RebuildRetries.passes(refused(503))).isTrue();
    assertThat(RebuildRetries.passes(refused(400))).isFalse();
    assertThat(RebuildRetries.passes(new IllegalArgumentException("not a task event"))).isFalse();
  }

  private static ElasticsearchException refused(int status) {
    return new ElasticsearchException("bulk", ErrorResponse.of(error -> error.status(status)
        .error(cause -> cause.type("test").reason("status " + status))));
  }
}
