package dev.loupe.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.benchmarks.e2e.E2eOptions.LoadStep;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class E2eOptionsTest {

  @Test
  void shouldDefaultToEveryPathAndTheIssuesSteps() {
    // when
    E2eOptions options = E2eOptions.parse();

    // then
    assertThat(options.paths()).containsExactlyInAnyOrder("operator", "automatic", "projection");
    assertThat(options.operatorSteps()).extracting(LoadStep::label).containsExactly("10/s", "25/s", "50/s", "100/s", "flat");
    assertThat(options.stepDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.projectionRate()).isEqualTo(1800);
    assertThat(options.baseline()).isTrue();
    assertThat(options.secondLoupe()).isEqualTo(SecondLoupe.ADMISSION_OFF);
    assertThat(options.appJar()).isEqualTo(Path.of("local/target/loupe-local.jar"));
  }

  @Test
  void shouldReadStepsDurationsAndPaths() {
    // when
    E2eOptions options = E2eOptions.parse("--paths=projection,operator", "--steps=2.5,flat", "--duration=500ms",
        "--drain=2s", "--operators=3", "--baseline=false", "--second-loupe=zeebe-memory", "--out=/tmp/x");

    // then
    assertThat(options.measures("projection")).isTrue();
    assertThat(options.measures("automatic")).isFalse();
    assertThat(options.operatorSteps()).containsExactly(new LoadStep(2.5), LoadStep.FLAT);
    assertThat(options.operatorSteps().getFirst().label()).isEqualTo("2.5/s");
    assertThat(options.stepDuration()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.drainTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.operators()).isEqualTo(3);
    assertThat(options.baseline()).isFalse();
    assertThat(options.secondLoupe().systemProperties).containsExactly("-Dloupe.embedded.zeebe.state=memory");
    assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void shouldRefuseWhatItDoesNotKnow() {
    assertThatThrownBy(() -> E2eOptions.parse("--stpes=10")).hasMessageContaining("unknown option --stpes");
    assertThatThrownBy(() -> E2eOptions.parse("--paths=inbox")).hasMessageContaining("no path inbox");
    assertThatThrownBy(() -> E2eOptions.parse("--steps=0")).hasMessageContaining("above 0 or flat");
    assertThatThrownBy(() -> E2eOptions.parse("--operators=0")).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> E2eOptions.parse("--duration=0")).hasMessageContaining("longer than 0");
    assertThatThrownBy(() -> E2eOptions.parse("steps=10")).hasMessageContaining("expected --name=value");
    assertThatThrownBy(() -> E2eOptions.parse("--second-loupe=faster")).hasMessageContaining("not faster");
  }

  @Test
  void shouldMeasureTheDataVolumeWithTheQueriesDefaultsAndRefuseTheTaskPaths() {
    // when
    E2eOptions options = E2eOptions.parseFor(E2eOptions.QUERY_PATHS, "--volume-tasks=2000", "--query-samples=300");

    // then
    assertThat(options.paths()).containsExactlyInAnyOrder("projection", "queries");
    assertThat(options.volumeTasks()).isEqualTo(2000);
    assertThat(options.volumeWriters()).isEqualTo(4);
    assertThat(options.volumeStreamsPerCommit()).isEqualTo(50);
    assertThat(options.querySamples()).isEqualTo(300);
    assertThat(options.queryWarmup()).isEqualTo(50);
    assertThatThrownBy(() -> E2eOptions.parseFor(E2eOptions.QUERY_PATHS, "--paths=operator"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path operator here");
    assertThatThrownBy(() -> E2eOptions.parse("--paths=queries"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path queries here");
  }
}
