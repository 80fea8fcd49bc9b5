package dev.loupe.benchmarks.pricetags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.benchmarks.pricetags.PriceTagPipeline.Reading;
import dev.loupe.task.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyTest {

  private static final PriceTag TWELVE = new PriceTag("12.99 TL", new Box(100, 100, 100, 30));
  private static final PriceTag FOUR = new PriceTag("4,50", new Box(400, 100, 60, 30));

  @Test
  void shouldMatchDetectionsAtHalfOverlapAndScoreTheirReadings() {
    // given: one close box read without its space, one box beside the second tag, one box on nothing
    List<Reading> readings = List.of(
        new Reading(new Box(95, 96, 110, 38), "12.99TL"),
        new Reading(new Box(430, 100, 60, 30), "4,50"),
        new Reading(new Box(700, 300, 50, 20), "8"));

    // when
    Accuracy accuracy = Accuracy.score(List.of(TWELVE, FOUR), readings);

    // then: the second box overlaps its tag by 1/3 only, so it is no match
    assertThat(accuracy.matched()).isEqualTo(1);
    assertThat(accuracy.precision()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(accuracy.recall()).isCloseTo(0.5, within(1e-9));
    assertThat(accuracy.exactMatchRate()).isEqualTo(1.0);
    assertThat(accuracy.strictExactMatchRate()).isEqualTo(0.0);
    assertThat(accuracy.characterErrorRate()).isEqualTo(0.0);
  }

  @Test
  void shouldMatchEachTagToOneDetectionOnlyTheClosestFirst() {
    // given
    List<Reading> readings = List.of(
        new Reading(new Box(90, 90, 120, 50), "12.98 TL"),
        new Reading(new Box(100, 100, 100, 30), "12.99 TL"));

    // when
    Accuracy accuracy = Accuracy.score(List.of(TWELVE), readings);

    // then
    assertThat(accuracy.matched()).isEqualTo(1);
    assertThat(accuracy.detections()).isEqualTo(2);
    assertThat(accuracy.exact()).isEqualTo(1);
    assertThat(accuracy.meanIou()).isEqualTo(1.0);
  }

  @Test
  void shouldCountCharacterErrorsOverTheReferenceLength() {
    // when: one substitution and one deletion in "12.99TL" (7 characters, spaces dropped)
    Accuracy accuracy = Accuracy.score(List.of(TWELVE), List.of(new Reading(TWELVE.textBox(), "12,9 TL")));

    // then
    assertThat(accuracy.editDistance()).isEqualTo(2);
    assertThat(accuracy.characterErrorRate()).isCloseTo(2 / 7.0, within(1e-9));
    assertThat(accuracy.exactMatchRate()).isEqualTo(0.0);
  }

  @Test
  void shouldAddUpOverImages() {
    // when
    Accuracy total = Accuracy.score(List.of(TWELVE), List.of(new Reading(TWELVE.textBox(), "12.99 TL")))
        .plus(Accuracy.score(List.of(FOUR), List.of()));

    // then
    assertThat(total.tags()).isEqualTo(2);
    assertThat(total.recall()).isEqualTo(0.5);
    assertThat(total.precision()).isEqualTo(1.0);
  }

  @Test
  void shouldMeasureEditDistance() {
    assertThat(Accuracy.levenshtein("", "")).isZero();
    assertThat(Accuracy.levenshtein("12.99", "")).isEqualTo(5);
    assertThat(Accuracy.levenshtein("12.99", "12,99")).isEqualTo(1);
    assertThat(Accuracy.levenshtein("12.99", "112.9")).isEqualTo(2);
    assertThat(Accuracy.levenshtein("kitten", "sitting")).isEqualTo(3);
  }
}
