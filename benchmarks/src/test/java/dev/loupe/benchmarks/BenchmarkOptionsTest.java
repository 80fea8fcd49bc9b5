package dev.loupe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.benchmarks.append.AppendSystem;
import dev.loupe.benchmarks.support.Durability;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void shouldMeasureEverythingWithShortRunsByDefault() {
    // when
    BenchmarkOptions options = BenchmarkOptions.parse();

    // then
    assertThat(options.parts()).containsExactlyInAnyOrder("append", "durability", "fat", "relay");
    assertThat(options.durability()).isEqualTo(Durability.DURABLE);
    assertThat(options.durabilityWriters()).containsExactly(1, 16);
    assertThat(options.durabilityBatchWriters()).containsExactly(1, 4);
    assertThat(options.systems()).containsExactly(AppendSystem.values());
    assertThat(options.writers()).containsExactly(1, 4, 16, 64);
    assertThat(options.batchSize()).isEqualTo(100);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(options.fatBoxes()).isEqualTo(5000);
    assertThat(options.postgresSettings()).isEmpty();
  }

  @Test
  void shouldReadListsDurationsAndPostgresSettings() {
    // when
    BenchmarkOptions options = BenchmarkOptions.parse("--writers=2,8", "--systems=loupe,copy", "--duration=2.5",
        "--warmup=300ms", "--parts=append", "--pg.synchronous_commit=on");

    // then
    assertThat(options.writers()).containsExactly(2, 8);
    assertThat(options.systems()).containsExactly(AppendSystem.LOUPE, AppendSystem.COPY);
    assertThat(options.duration()).isEqualTo(Duration.ofMillis(2500));
    assertThat(options.warmup()).isEqualTo(Duration.ofMillis(300));
    assertThat(options.measures("relay")).isFalse();
    assertThat(options.postgresSettings()).isEqualTo(Map.of("synchronous_commit", "on"));
  }

  @Test
  void shouldMeasureInTheSpeedModeOnlyWhenAsked() {
    // when
    BenchmarkOptions options = BenchmarkOptions.parse("--durability=fast", "--parts=durability",
        "--durability-writers=4", "--durability-batch-writers=2");

    // then
    assertThat(options.durability()).isEqualTo(Durability.FAST);
    assertThat(options.durability().other()).isEqualTo(Durability.DURABLE);
    assertThat(options.measures("durability")).isTrue();
    assertThat(options.durabilityWriters()).containsExactly(4);
    assertThat(options.durabilityBatchWriters()).containsExactly(2);
    assertThatThrownBy(() -> BenchmarkOptions.parse("--durability=safe"))
        .hasMessageContaining("no durability safe; known: durable, fast");
  }

  @Test
  void shouldRefuseAnOptionItDoesNotKnow() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--writer=4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --writer");
  }

  @Test
  void shouldRefuseASystemOrPartItDoesNotKnow() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--systems=marten")).hasMessageContaining("no system marten");
    assertThatThrownBy(() -> BenchmarkOptions.parse("--parts=archive")).hasMessageContaining("no part archive");
  }
}
