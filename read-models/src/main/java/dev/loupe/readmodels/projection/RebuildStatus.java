package dev.loupe.readmodels.projection;

import java.time.Instant;

/**
 * Where a read model's latest rebuild is, as the instance running it last recorded it ({@code read_model_rebuild}).
 *
 * @param state {@code RUNNING}, {@code DONE} or {@code FAILED}
 * @param fromIndex the index queries used until the swap
 * @param toIndex the index built from the journal, behind the alias after the swap
 * @param events journal events projected into it so far (archived months, then live ones)
 */
public record RebuildStatus(String readModel, String state, String fromIndex, String toIndex, long events,
    Instant startedAt, Instant finishedAt, String error) {

  static final String RUNNING = "RUNNING";
  static final String DONE = "DONE";
  static final String FAILED = "FAILED";

  RebuildStatus progressed(long more) {
    return new RebuildStatus(readModel, state, fromIndex, toIndex, events + more, startedAt, finishedAt, error);
  }

  RebuildStatus finished(String finalState, String failure) {
    return new RebuildStatus(readModel, finalState, fromIndex, toIndex, events, startedAt, Instant.now(), failure);
  }

  public boolean running() {
    return RUNNING.equals(state);
  }
}
