package dev.loupe.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.RecordedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrainingRunsTest {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final UUID FIRST = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID SECOND = UUID.fromString("00000000-0000-0000-0000-000000000002");
  private static final String CHALLENGER = "classifier-shelf__thumb8-hist8-grad4x4-v1";
  private final TrainingRuns runs = new TrainingRuns(null, JSON);
  private final List<RecordedEvent> stream = new ArrayList<>();

  @Test
  void shouldFoldARunThatBeatTheChampionIntoADeployedRunWithBothModelsAndScores() {
    // given
    given(0, "ModelActivated", "{\"classGroupKey\":\"shelf\",\"modelName\":\"classifier-shelf\",\"modelVersion\":\"1\"}");
    given(1, "TrainingRunStarted", "{\"runId\":\"%s\",\"classGroupKey\":\"shelf\",\"trigger\":\"MANUAL\"}".formatted(FIRST));
    given(2, "ModelTrained", "{\"runId\":\"%s\",\"modelName\":\"%s\",\"modelVersion\":\"2\",\"datasetPosition\":\"7:42\"}"
        .formatted(FIRST, CHALLENGER));
    given(3, "ModelEvaluated", "{\"runId\":\"%s\",\"role\":\"CHALLENGER\",\"modelName\":\"%s\",\"modelVersion\":\"2\",\"accuracy\":0.9}"
        .formatted(FIRST, CHALLENGER));
    given(4, "ModelEvaluated", "{\"runId\":\"%s\",\"role\":\"CHAMPION\",\"modelName\":\"classifier-shelf\",\"modelVersion\":\"1\",\"accuracy\":0.1}"
        .formatted(FIRST));
    given(5, "TrainingRunFinished", "{\"runId\":\"%s\",\"status\":\"DEPLOYED\",\"reason\":\"better\"}".formatted(FIRST));

    // when
    List<TrainingRun> folded = runs.fold(stream);

    // then
    assertThat(folded).singleElement().satisfies(run -> {
      assertThat(run.status()).isEqualTo(TrainingRun.DEPLOYED);
      assertThat(run.trigger()).isEqualTo("MANUAL");
      assertThat(run.datasetPosition()).isEqualTo("7:42");
      assertThat(run.challenger()).isEqualTo(new TrainingRun.Scored(CHALLENGER, "2", 0.9));
      assertThat(run.champion()).isEqualTo(new TrainingRun.Scored("classifier-shelf", "1", 0.1));
      assertThat(run.startedAt()).isEqualTo(Instant.EPOCH.plusSeconds(1));
      assertThat(run.finishedAt()).isEqualTo(Instant.EPOCH.plusSeconds(5));
      assertThat(run.reason()).isEqualTo("better");
    });
  }

  @Test
  void shouldListTheNewestRunFirstAndARunInProgressAsRunning() {
    given(0, "TrainingRunStarted", "{\"runId\":\"%s\",\"trigger\":\"POLICY\",\"reason\":\"200 objects\"}".formatted(FIRST));
    given(1, "ModelTrainingSkipped", "{\"runId\":\"%s\",\"datasetPosition\":\"3:9\",\"reason\":\"one class\"}"
        .formatted(FIRST));
    given(2, "TrainingRunFinished", "{\"runId\":\"%s\",\"status\":\"SKIPPED\",\"reason\":\"one class\"}".formatted(FIRST));
    given(3, "TrainingRunStarted", "{\"runId\":\"%s\",\"trigger\":\"MANUAL\"}".formatted(SECOND));

    List<TrainingRun> folded = runs.fold(stream);

    assertThat(folded).extracting(TrainingRun::runId).containsExactly(SECOND, FIRST);
    assertThat(folded.getFirst().status()).isEqualTo(TrainingRun.RUNNING);
    assertThat(folded.getFirst().finishedAt()).isNull();
    assertThat(folded.get(1).status()).isEqualTo(TrainingRun.SKIPPED);
    assertThat(folded.get(1).datasetPosition()).isEqualTo("3:9");
    assertThat(folded.get(1).champion()).isNull();
  }

  private void given(int second, String type, String payload) {
    stream.add(new RecordedEvent(UUID.randomUUID(), "model-shelf", stream.size() + 1, stream.size() + 1, 1, type, 1,
        Instant.EPOCH.plusSeconds(second), Instant.EPOCH.plusSeconds(second), payload,
        new EventMetadata("shelf", null, "test")));
  }
}
