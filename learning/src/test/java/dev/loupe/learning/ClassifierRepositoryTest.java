package dev.loupe.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierRepositoryTest {

  private static final TrainedClassifier CLASSIFIER =
      new TrainedClassifier("thumb8-hist8-v1", 217, List.of("water", "cola"), new byte[] {1, 2, 3});

  @TempDir Path root;

  @Test
  void shouldWriteAVersionFolderWithItsClassOrderBesideAConfigServingEveryVersion() throws IOException {
    // given
    ClassifierRepository repository = new ClassifierRepository(root);

    // when
    Path folder = repository.write("classifier-shelf", 3, CLASSIFIER);

    // then
    assertThat(folder).isEqualTo(root.resolve("classifier-shelf/3"));
    assertThat(Files.readAllBytes(folder.resolve("model.onnx"))).containsExactly(1, 2, 3);
    assertThat(Files.readString(folder.resolve("classes.txt"))).isEqualTo("water\ncola\n");
    String config = Files.readString(root.resolve("classifier-shelf/config.pbtxt"));
    assertThat(config).contains("name: \"classifier-shelf\"", "name: \"features\"", "dims: [ 217 ]",
        "name: \"probabilities\"", "version_policy: { all { } }", "model_warmup", "zero_data: true");
    assertThat(repository.latestVersion("classifier-shelf")).isEqualTo(3);
    try (var children = Files.list(root.resolve("classifier-shelf"))) {
      assertThat(children.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("config.pbtxt", "3");
    }
  }

  @Test
  void shouldNeverOverwriteAVersionThatExists() throws IOException {
    ClassifierRepository repository = new ClassifierRepository(root);
    repository.write("classifier-shelf", 1, CLASSIFIER);

    assertThatThrownBy(() -> repository.write("classifier-shelf", 1, CLASSIFIER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void shouldCountVersionsFromZeroForAModelWithNone() throws IOException {
    assertThat(new ClassifierRepository(root).latestVersion("classifier-new")).isZero();
  }

  @Test
  void shouldNameAClassGroupsClassifierWithCharactersEveryRepositoryAccepts() {
    assertThat(ClassifierRepository.modelName("shelf/EU 2")).matches("classifier-shelf_EU_2-[0-9a-f]{8}");
    assertThat(ClassifierRepository.modelName("drinks.eu-2_a")).isEqualTo("classifier-drinks.eu-2_a");
  }

  @Test
  void shouldNeverGiveTwoClassGroupsWhoseKeysDifferOnlyInReplacedCharactersTheSameModel() {
    assertThat(ClassifierRepository.modelName("shelf/EU 2"))
        .isNotEqualTo(ClassifierRepository.modelName("shelf_EU_2"))
        .isNotEqualTo(ClassifierRepository.modelName("shelf EU/2"));
  }

  @Test
  void shouldKeepTheFirstFeaturesVersionsWhereTheyAreAndGiveOtherFeaturesAModelOfTheirOwn() {
    assertThat(ClassifierRepository.modelName("drinks", ThumbnailHistogramFeatures.NAME)).isEqualTo("classifier-drinks");
    assertThat(ClassifierRepository.modelName("drinks", ThumbnailHistogramGradientFeatures.NAME))
        .isEqualTo("classifier-drinks__thumb8-hist8-grad4x4-v1");
    assertThat(ClassifierRepository.modelName("shelf/EU 2", ThumbnailHistogramGradientFeatures.NAME))
        .matches("classifier-shelf_EU_2-[0-9a-f]{8}__thumb8-hist8-grad4x4-v1");
  }

  @Test
  void shouldNeverNameAClassGroupsModelAsAnotherGroupsModelOnOtherFeatures() {
    assertThat(ClassifierRepository.modelName("drinks__thumb8-hist8-grad4x4-v1"))
        .isNotEqualTo(ClassifierRepository.modelName("drinks", ThumbnailHistogramGradientFeatures.NAME))
        .matches("classifier-drinks__thumb8-hist8-grad4x4-v1-[0-9a-f]{8}");
  }
}
