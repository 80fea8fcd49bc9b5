package dev.loupe.benchmarks.learning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.task.Box;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProductShelfGeneratorTest {

  private static final int IMAGES = 8;

  @Test
  void shouldRenderTheSameImagesAndTruthForTheSameSeed() {
    // when
    List<ProductShelf> first = new ProductShelfGenerator(7).images(IMAGES);
    List<ProductShelf> second = new ProductShelfGenerator(7).images(IMAGES);

    // then
    for (int i = 0; i < IMAGES; i++) {
      assertThat(second.get(i).products()).isEqualTo(first.get(i).products());
      assertThat(pixels(second.get(i).image())).as("image %d", i).isEqualTo(pixels(first.get(i).image()));
    }
  }

  @Test
  void shouldRenderImageIndependentlyOfHowManyAreAskedFor() {
    // when
    ProductShelf alone = new ProductShelfGenerator(7).image(3);
    ProductShelf inASet = new ProductShelfGenerator(7).images(4).get(3);

    // then
    assertThat(alone.products()).isEqualTo(inASet.products());
    assertThat(pixels(alone.image())).isEqualTo(pixels(inASet.image()));
  }

  @Test
  void shouldRenderAnotherSetForAnotherSeed() {
    assertThat(new ProductShelfGenerator(8).image(0).products())
        .isNotEqualTo(new ProductShelfGenerator(7).image(0).products());
  }

  @Test
  void shouldShowEveryClassOfTheCatalogueOnEveryImage() {
    // given
    Set<String> catalogue = ProductClass.CATALOGUE.stream().map(ProductClass::id).collect(Collectors.toSet());

    // when
    List<ProductShelf> images = new ProductShelfGenerator(11).images(IMAGES);

    // then
    assertThat(images).allSatisfy(image -> assertThat(image.products().stream().map(ShelfProduct::classId))
        .containsAll(catalogue)
        .allMatch(catalogue::contains));
  }

  @Test
  void shouldPutEveryProductBoxInsideTheImageWithoutOverlappingAnother() {
    // when
    List<ProductShelf> images = new ProductShelfGenerator(13).images(IMAGES);

    // then
    for (ProductShelf image : images) {
      assertThat(image.image().getWidth()).isEqualTo(ProductShelfGenerator.WIDTH);
      assertThat(image.image().getHeight()).isEqualTo(ProductShelfGenerator.HEIGHT);
      List<Box> boxes = image.products().stream().map(ShelfProduct::box).toList();
      for (Box box : boxes) {
        assertThat(box.x()).isGreaterThanOrEqualTo(0);
        assertThat(box.y()).isGreaterThanOrEqualTo(0);
        assertThat(box.w()).isGreaterThan(30);
        assertThat(box.h()).isGreaterThan(30);
        assertThat(box.x() + box.w()).isLessThanOrEqualTo(ProductShelfGenerator.WIDTH);
        assertThat(box.y() + box.h()).isLessThanOrEqualTo(ProductShelfGenerator.HEIGHT);
        assertThat(boxes).filteredOn(other -> other != box).noneMatch(other -> overlap(box, other));
      }
    }
  }

  @Test
  void shouldMakeClassesShareColoursAndShapesSoThatNeitherAloneTellsThemApart() {
    // given
    List<ProductClass> catalogue = ProductClass.CATALOGUE;

    // when
    Map<Object, Long> byColour = catalogue.stream().collect(Collectors.groupingBy(ProductClass::body,
        Collectors.counting()));
    Map<Object, Long> byColourAndShape = catalogue.stream().collect(Collectors.groupingBy(
        product -> List.of(product.body(), product.shape()), Collectors.counting()));

    // then: at least ten classes; every colour worn by two or more; some share both colour and shape (text only)
    assertThat(catalogue).hasSizeGreaterThanOrEqualTo(10);
    assertThat(catalogue.stream().map(ProductClass::id).distinct()).hasSameSizeAs(catalogue);
    assertThat(byColour.values()).allMatch(count -> count >= 2);
    assertThat(byColourAndShape.values()).anyMatch(count -> count >= 2);
    assertThat(catalogue.stream().map(ProductClass::shape).distinct()).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void shouldPaintEachProductInItsClassColour() {
    // given: a product's centre row, below its label, is its body colour (with noise)
    ProductShelf image = new ProductShelfGenerator(17).image(0);
    Map<String, ProductClass> catalogue = ProductClass.CATALOGUE.stream()
        .collect(Collectors.toMap(ProductClass::id, product -> product));

    // then
    assertThat(image.products()).allSatisfy(product -> {
      ProductClass expected = catalogue.get(product.classId());
      Box box = product.box();
      int[] mean = mean(image.image(), (int) (box.x() + box.w() / 2), (int) (box.y() + box.h() * 0.9));
      int distance = Math.abs(mean[0] - expected.body().getRed()) + Math.abs(mean[1] - expected.body().getGreen())
          + Math.abs(mean[2] - expected.body().getBlue());
      assertThat(distance).as(product.classId()).isLessThan(160);
    });
  }

  /** The mean colour of the 5 × 5 pixels around {@code x, y}: salt and pepper hardly moves it. */
  private static int[] mean(BufferedImage image, int x, int y) {
    int[] sum = new int[3];
    for (int dy = -2; dy <= 2; dy++) {
      for (int dx = -2; dx <= 2; dx++) {
        int rgb = image.getRGB(x + dx, y + dy);
        sum[0] += (rgb >> 16) & 0xff;
        sum[1] += (rgb >> 8) & 0xff;
        sum[2] += rgb & 0xff;
      }
    }
    return new int[] {sum[0] / 25, sum[1] / 25, sum[2] / 25};
  }

  private static boolean overlap(Box a, Box b) {
    return a.x() < b.x() + b.w() && b.x() < a.x() + a.w() && a.y() < b.y() + b.h() && b.y() < a.y() + a.h();
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
