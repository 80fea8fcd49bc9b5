package dev.loupe.pricetags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.pricetags.CtcDecoder.Reading;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {

  private final CtcDecoder decoder = new CtcDecoder(List.of("1", "2", "."));

  @Test
  void shouldCollapseRepeatsAndDropBlanks() {
    // steps: 1 1 blank 1 . 2 2  -> "11.2"
    Reading reading = decoder.decode(steps(1, 1, 0, 1, 3, 2, 2), 7, 4);

    assertThat(reading.text()).isEqualTo("11.2");
    assertThat(reading.confidence()).isCloseTo(0.9, within(1e-6));
  }

  @Test
  void shouldReadNothingFromBlanksOnly() {
    assertThat(decoder.decode(steps(0, 0, 0), 3, 4)).isEqualTo(new Reading("", 0));
  }

  /** One step per class index, that class at 0.9, the rest sharing 0.1. */
  private static float[] steps(int... best) {
    float[] probabilities = new float[best.length * 4];
    for (int step = 0; step < best.length; step++) {
      for (int c = 0; c < 4; c++) {
        probabilities[step * 4 + c] = c == best[step] ? 0.9f : 0.1f / 3;
      }
    }
    return probabilities;
  }
}
