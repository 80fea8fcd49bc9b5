package dev.loupe.readmodels.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** COCO object detection JSON as the format requires it, from a small dataset. */
class CocoWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldWriteEveryFieldCocoRequiresWithIdsThatReferToEachOther() throws Exception {
    JsonNode coco = JSON.readTree(coco());

    assertThat(coco.has("info") && coco.has("licenses")).isTrue();
    Set<Integer> imageIds = new HashSet<>();
    for (JsonNode image : coco.get("images")) {
      assertThat(image.get("id").isInt()).isTrue();
      assertThat(image.get("file_name").isTextual()).isTrue();
      assertThat(image.get("width").asInt()).isPositive();
      assertThat(image.get("height").asInt()).isPositive();
      assertThat(imageIds.add(image.get("id").asInt())).isTrue();
    }
    Set<Integer> categoryIds = new HashSet<>();
    for (JsonNode category : coco.get("categories")) {
      assertThat(category.get("name").isTextual()).isTrue();
      assertThat(categoryIds.add(category.get("id").asInt())).isTrue();
    }
    Set<Integer> annotationIds = new HashSet<>();
    for (JsonNode annotation : coco.get("annotations")) {
      assertThat(annotationIds.add(annotation.get("id").asInt())).isTrue();
      assertThat(imageIds).contains(annotation.get("image_id").asInt());
      assertThat(categoryIds).contains(annotation.get("category_id").asInt());
      assertThat(annotation.get("bbox")).hasSize(4);
      assertThat(annotation.get("area").asDouble())
          .isEqualTo(annotation.get("bbox").get(2).asDouble() * annotation.get("bbox").get(3).asDouble());
      assertThat(annotation.get("iscrowd").asInt()).isZero();
      assertThat(annotation.get("segmentation").get(0)).hasSize(8);
    }
  }

  @Test
  void shouldWriteTheMeasuredImagesAndTheirBoxesAndCountTheImagesLeftOut() throws Exception {
    JsonNode coco = JSON.readTree(coco());

    assertThat(coco.get("images")).extracting(image -> image.get("file_name").asText())
        .containsExactly("a-0.jpg", "b-0.jpg", "c-0.jpg");
    assertThat(coco.get("images").get(0).get("loupe_origin").asText()).isEqualTo("CHECKED");
    assertThat(coco.get("images").get(0).get("loupe_pre_labelled_by").asText()).isEqualTo("shelf_detector:3");
    assertThat(coco.get("annotations")).hasSize(3);
    assertThat(coco.get("annotations").get(0).get("bbox").toString()).isEqualTo("[101.5,202.25,300.0,400.0]");
    assertThat(coco.get("categories")).extracting(category -> category.get("name").asText())
        .containsExactly("cola", "water");
    JsonNode info = coco.get("info");
    assertThat(info.get("loupe_images_without_size").asInt()).isEqualTo(1);
    assertThat(info.get("loupe_unreadable_streams").get(0).asText()).isEqualTo("task-broken");
    assertThat(info.get("loupe_as_of").asText()).isEqualTo("42:0");
  }

  @Test
  void shouldWriteTheSameBytesEveryTime() throws Exception {
    assertThat(coco()).isEqualTo(coco());
  }

  private static byte[] coco() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CocoWriter.write(ExportFixtures.DATASET, ExportFixtures.source(), out);
    return out.toByteArray();
  }
}
