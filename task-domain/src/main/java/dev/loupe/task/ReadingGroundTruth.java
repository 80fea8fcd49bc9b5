package dev.loupe.task;

import dev.loupe.task.TaskEvent.ReadingsEvaluated;
import dev.loupe.task.TaskEvent.TagReading;
import java.util.List;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Compares what the recogniser read with what the tags say after an operator's check: a tag still carrying the
 * recogniser's text was accepted, one carrying the operator's typed text was corrected (or confirmed, when the
 * texts are equal). A tag the operator moved or removed had a wrong box: its text is not judged.
 */
public final class ReadingGroundTruth {

  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private ReadingGroundTruth() {}

  /**
   * @param read the recogniser's readings the operator saw for the first time, on tags whose box they kept
   * @param afterCheck the tags' readings after the check
   * @param boxChanged how many of the readings the operator saw went with a tag they moved or removed
   */
  public static ReadingsEvaluated compare(ModelRef recognizer, List<TagReading> read, List<TagReading> afterCheck,
      int boxChanged) {
    int judged = 0;
    int correct = 0;
    int characterErrors = 0;
    int characters = 0;
    for (TagReading reading : read) {
      Optional<String> truth = afterCheck.stream()
          .filter(checked -> checked.objectId().equals(reading.objectId()))
          .map(TagReading::text)
          .findFirst();
      if (truth.isEmpty()) {
        continue;
      }
      judged++;
      if (truth.get().equals(reading.text())) {
        correct++;
      }
      characterErrors += DISTANCE.apply(reading.text(), truth.get());
      characters += truth.get().length();
    }
    return new ReadingsEvaluated(recognizer, judged, correct, characterErrors, characters,
        boxChanged + read.size() - judged);
  }
}
