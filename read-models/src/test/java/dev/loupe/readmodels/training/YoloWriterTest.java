package dev.loupe.readmodels.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.training.TrainingExample.ExampleImage;
import dev.loupe.task.AnnotatedObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** A YOLO zip whose normalised boxes come back to the stored ones. */
class YoloWriterTest {

  @Test
  void shouldWriteLabelsWhoseCoordinatesRoundTripToTheStoredBoxes() throws Exception {
    Map<String, String> zip = unzip(yolo());
    List<String> classes = zip.get("classes.txt").lines().toList();

    for (TrainingExample example : ExportFixtures.EXAMPLES) {
      for (ExampleImage image : example.images()) {
        String labels = zip.get("labels/" + image.name(example.taskId()) + ".txt");
        if (!image.measured()) {
          assertThat(labels).isNull();
          continue;
        }
        List<String> lines = labels.lines().toList();
        List<AnnotatedObject> objects = example.objectsOn(image.imageIndex());
        assertThat(lines).hasSameSizeAs(objects);
        for (int i = 0; i < lines.size(); i++) {
          String[] fields = lines.get(i).split(" ");
          AnnotatedObject object = objects.get(i);
          double w = Double.parseDouble(fields[3]) * image.width();
          double h = Double.parseDouble(fields[4]) * image.height();
          assertThat(classes.get(Integer.parseInt(fields[0]))).isEqualTo(object.classId());
          assertThat(Double.parseDouble(fields[1]) * image.width() - w / 2).isCloseTo(object.box().x(), within(0.01));
          assertThat(Double.parseDouble(fields[2]) * image.height() - h / 2).isCloseTo(object.box().y(), within(0.01));
          assertThat(w).isCloseTo(object.box().w(), within(0.01));
          assertThat(h).isCloseTo(object.box().h(), within(0.01));
        }
      }
    }
  }

  @Test
  void shouldListTheImagesClassesAndCountsInTheirOwnFiles() throws Exception {
    Map<String, String> zip = unzip(yolo());

    assertThat(zip.keySet()).startsWith("images.txt").endsWith("classes.txt", "dataset.json");
    assertThat(zip.get("images.txt").lines()).containsExactly(
        "a-0\thttp://127.0.0.1:9/a/0.jpg\t4000\t3000",
        "b-0\thttp://127.0.0.1:9/b/0.jpg\t1920\t1080",
        "c-0\thttp://127.0.0.1:9/c/0.jpg\t640\t480");
    assertThat(zip.get("labels/c-0.txt")).isEmpty();
    assertThat(zip.get("classes.txt")).isEqualTo("cola\nwater\n");
    assertThat(new ObjectMapper().readTree(zip.get("dataset.json")).get("loupe_annotations").asInt()).isEqualTo(3);
  }

  @Test
  void shouldWriteTheSameBytesEveryTime() throws Exception {
    assertThat(yolo()).isEqualTo(yolo());
  }

  private static byte[] yolo() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    YoloWriter.write(ExportFixtures.DATASET, ExportFixtures.source(), out);
    return out.toByteArray();
  }

  private static Map<String, String> unzip(byte[] zip) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }
}
