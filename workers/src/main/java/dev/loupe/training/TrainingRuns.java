package dev.loupe.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.training.TrainingEvents.ModelEvaluated;
import dev.loupe.training.TrainingEvents.ModelTrained;
import dev.loupe.training.TrainingEvents.ModelTrainingSkipped;
import dev.loupe.training.TrainingEvents.TrainingRunFinished;
import dev.loupe.training.TrainingEvents.TrainingRunStarted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The model fold's view of training runs: a class group's model stream folded, event by event, into its runs, newest
 * first. The registry's own facts in the stream (activations) are passed over.
 */
@Component
class TrainingRuns {

  private final EventJournal journal;
  private final ObjectMapper json;

  TrainingRuns(EventJournal journal, ObjectMapper json) {
    this.journal = journal;
    this.json = json;
  }

  List<TrainingRun> of(String classGroupKey) {
    return fold(journal.readStream("model-" + classGroupKey));
  }

  List<TrainingRun> fold(List<RecordedEvent> stream) {
    Map<UUID, TrainingRun> runs = new LinkedHashMap<>();
    for (RecordedEvent event : stream) {
      try {
        switch (event.type()) {
          case "TrainingRunStarted" -> {
            TrainingRunStarted started = json.readValue(event.payloadJson(), TrainingRunStarted.class);
            runs.put(started.runId(), new TrainingRun(started.runId(), started.classGroupKey(),
                started.trigger().name(), event.eventTime(), null, TrainingRun.RUNNING, null, null, null,
                started.reason()));
          }
          case "ModelTrained" -> {
            ModelTrained trained = json.readValue(event.payloadJson(), ModelTrained.class);
            runs.computeIfPresent(trained.runId(), (id, run) -> run.withDataset(trained.datasetPosition())
                .withChallenger(new TrainingRun.Scored(trained.modelName(), trained.modelVersion(), null)));
          }
          case "ModelEvaluated" -> {
            ModelEvaluated evaluated = json.readValue(event.payloadJson(), ModelEvaluated.class);
            TrainingRun.Scored scored = new TrainingRun.Scored(evaluated.modelName(), evaluated.modelVersion(),
                evaluated.accuracy());
            runs.computeIfPresent(evaluated.runId(), (id, run) -> ClassifierTraining.CHALLENGER.equals(
                evaluated.role()) ? run.withChallenger(scored) : run.withChampion(scored));
          }
          case "ModelTrainingSkipped" -> {
            ModelTrainingSkipped skipped = json.readValue(event.payloadJson(), ModelTrainingSkipped.class);
            runs.computeIfPresent(skipped.runId(), (id, run) -> run.withDataset(skipped.datasetPosition()));
          }
          case "TrainingRunFinished" -> {
            TrainingRunFinished finished = json.readValue(event.payloadJson(), TrainingRunFinished.class);
            runs.computeIfPresent(finished.runId(),
                (id, run) -> run.with(finished.status(), event.eventTime(), finished.reason()));
          }
          default -> { }
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("event " + event.eventId() + " of " + event.streamId() + " does not read as "
            + event.type(), e);
      }
    }
    List<TrainingRun> newestFirst = new ArrayList<>(runs.values());
    Collections.reverse(newestFirst);
    return newestFirst;
  }
}
