package dev.loupe.journal;

import java.util.Optional;

/** Where snapshots of folded stream state are kept: one, the newest, per stream. */
public interface SnapshotStore {

  Optional<Snapshot> load(String streamId);

  /** Keeps the snapshot unless a newer one of the stream is already stored. */
  void save(Snapshot snapshot);
}
