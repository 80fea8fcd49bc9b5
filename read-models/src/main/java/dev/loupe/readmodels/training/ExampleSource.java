package dev.loupe.readmodels.training;

import java.util.function.Consumer;

/** A dataset's examples, passed one at a time in the same order on every call: an export walks them twice. */
@FunctionalInterface
public interface ExampleSource {

  /**
   * @param examples gets every example of the dataset
   * @param unreadable gets the id of each stream whose events cannot be folded (it is left out of the dataset)
   */
  void forEach(Consumer<TrainingExample> examples, Consumer<String> unreadable);
}
