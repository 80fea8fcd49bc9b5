package dev.loupe.benchmarks.pricetags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceTagGeneratorTest {

  private static final int IMAGES = 12;

  @Test
  void shouldRenderTheSameImagesAndTruthForTheSameSeed() {
    // when
    List<ShelfImage> first = new PriceTagGenerator(7).images(IMAGES);
    List<ShelfImage> second = new PriceTagGenerator(7).images(IMAGES);

    // then
    for (int i = 0; i < IMAGES; i++) {
      assertThat(second.get(i).tags()).isEqualTo(first.get(i).tags());
      assertThat(pixels(second.get(i).image())).as("image %d", i).isEqualTo(pixels(first.get(i).image()));
    }
  }

  @Test
  void shouldRenderImageIndependentlyOfHowManyAreAskedFor() {
    // when
    ShelfImage alone = new PriceTagGenerator(7).image(3);
    ShelfImage inASet = new PriceTagGenerator(7).images(4).get(3);

    // then
    assertThat(alone.tags()).isEqualTo(inASet.tags());
    assertThat(pixels(alone.image())).isEqualTo(pixels(inASet.image()));
  }

  @Test
  void shouldRenderAnotherSetForAnotherSeed() {
    // when
    List<PriceTag> seven = new PriceTagGenerator(7).image(0).tags();
    List<PriceTag> eight = new PriceTagGenerator(8).image(0).tags();

    // then
    assertThat(eight).isNotEqualTo(seven);
  }

  @Test
  void shouldPutFourToSixTagsWithTextBoxesInsideTheImage() {
    // when
    List<ShelfImage> images = new PriceTagGenerator(11).images(IMAGES);

    // then
    for (ShelfImage image : images) {
      assertThat(image.image().getWidth()).isEqualTo(PriceTagGenerator.WIDTH);
      assertThat(image.image().getHeight()).isEqualTo(PriceTagGenerator.HEIGHT);
      assertThat(image.tags()).hasSizeBetween(4, 6);
      for (PriceTag tag : image.tags()) {
        Box box = tag.textBox();
        assertThat(box.w()).as(tag.text()).isGreaterThan(10);
        assertThat(box.h()).as(tag.text()).isGreaterThan(5);
        assertThat(box.x()).as(tag.text()).isGreaterThanOrEqualTo(0);
        assertThat(box.y()).as(tag.text()).isGreaterThanOrEqualTo(0);
        assertThat(box.x() + box.w()).as(tag.text()).isLessThanOrEqualTo(PriceTagGenerator.WIDTH);
        assertThat(box.y() + box.h()).as(tag.text()).isLessThanOrEqualTo(PriceTagGenerator.HEIGHT);
      }
    }
  }

  @Test
  void shouldPrintOnlyCharactersTheRecognizerKnows() {
    // given: the recogniser's classes, as the application loads them from the model repository
    List<String> alphabet = PriceTagPipeline.alphabet();

    // when
    List<String> texts = new PriceTagGenerator(13).images(IMAGES).stream()
        .flatMap(image -> image.tags().stream())
        .map(PriceTag::text)
        .toList();

    // then
    assertThat(PriceTagGenerator.CHARACTERS.codePoints().mapToObj(Character::toString)).allMatch(alphabet::contains);
    assertThat(texts).allSatisfy(text -> {
      assertThat(text).matches("[0-9]+[.,][0-9]{2}( TL)?");
      assertThat(text.codePoints().mapToObj(Character::toString)).allMatch(alphabet::contains);
    });
  }

  @Test
  void shouldBoxThePriceTextRatherThanTheWholeTag() {
    // when
    List<ShelfImage> images = new PriceTagGenerator(17).images(IMAGES);

    // then: tags are at most 269 × 71 before their tilt; the text inside keeps a margin of 12 and 8 on each side
    assertThat(images.stream().flatMap(image -> image.tags().stream())).allSatisfy(tag -> {
      assertThat(tag.textBox().w()).as(tag.text()).isLessThan(269 - 20);
      assertThat(tag.textBox().h()).as(tag.text()).isLessThan(71 - 10);
    });
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
