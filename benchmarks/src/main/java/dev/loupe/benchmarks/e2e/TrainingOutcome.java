package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * One training run as {@code GET /api/v1/models/{classGroup}/training-runs} reports it, with what the harness knew
 * when it ended: the verified objects it had when it asked for the run ({@code -1} for a run the policy started)
 * and the seconds from its request to seeing the run end.
 */
record TrainingOutcome(int verifiedAtTrigger, double harnessSeconds, String runId, String trigger, String status,
    double trainingSeconds, String datasetPosition, String challengerVersion, double challengerAccuracy,
    String championVersion, double championAccuracy, String reason) {

  /** A run as the API lists it; the times are ISO-8601 instants, {@code finishedAt} null while it runs. */
  static TrainingOutcome of(JsonNode run, int verifiedAtTrigger, double harnessSeconds) {
    double seconds = run.path("finishedAt").isTextual() && run.path("startedAt").isTextual()
        ? Duration.between(Instant.parse(run.path("startedAt").asText()), Instant.parse(run.path("finishedAt").asText()))
            .toNanos() / 1e9
        : Double.NaN;
    JsonNode challenger = run.path("challenger");
    JsonNode champion = run.path("champion");
    return new TrainingOutcome(verifiedAtTrigger, harnessSeconds, run.path("runId").asText(),
        run.path("trigger").asText(), run.path("status").asText(), seconds, run.path("datasetPosition").asText(""),
        challenger.path("version").asText(""), challenger.path("accuracy").asDouble(Double.NaN),
        champion.path("version").asText(""), champion.path("accuracy").asDouble(Double.NaN),
        run.path("reason").asText(""));
  }

  boolean running() {
    return status.equals("RUNNING");
  }
}
