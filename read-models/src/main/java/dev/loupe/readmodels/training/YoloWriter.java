package dev.loupe.readmodels.training;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.readmodels.training.ImagePasses.Categories;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup.ObjectClass;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a dataset as a YOLO zip, streaming:
 * <ul>
 *   <li>{@code images.txt}: one line per image, {@code <name> TAB <url> TAB <width> TAB <height>};</li>
 *   <li>{@code labels/<name>.txt}: one line per object, {@code <class> <centre x> <centre y> <width> <height>},
 *       the class's line in {@code classes.txt} from 0 and the box normalised by the image's size to 0..1 (six
 *       decimals); an image with no objects gets an empty file;</li>
 *   <li>{@code classes.txt}: the class ids, one per line;</li>
 *   <li>{@code dataset.json}: the dataset's definition, position and counts.</li>
 * </ul>
 * Entries carry the dataset's creation time, so the same dataset always gives the same bytes.
 */
public final class YoloWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private YoloWriter() {}

  public static void write(Dataset dataset, ExampleSource source, OutputStream out) throws IOException {
    ExportSummary summary = new ExportSummary();
    Categories categories = new Categories();
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    entry(zip, dataset, "images.txt");
    ImagePasses.first(source, summary, categories, (imageId, example, image) -> text(zip,
        "%s\t%s\t%d\t%d\n".formatted(image.name(example.taskId()), image.url(), image.width(), image.height())));
    ImagePasses.second(source, (imageId, example, image) -> {
      entry(zip, dataset, "labels/" + image.name(example.taskId()) + ".txt");
      for (AnnotatedObject object : example.objectsOn(image.imageIndex())) {
        Box box = object.box();
        text(zip, String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f\n", categories.indexOf(object),
            (box.x() + box.w() / 2) / image.width(), (box.y() + box.h() / 2) / image.height(),
            box.w() / image.width(), box.h() / image.height()));
      }
    });
    entry(zip, dataset, "classes.txt");
    for (ObjectClass objectClass : categories.inOrder()) {
      text(zip, objectClass.id() + "\n");
    }
    entry(zip, dataset, "dataset.json");
    try (JsonGenerator json = JSON.createGenerator(zip, JsonEncoding.UTF8)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      json.writeStartObject();
      json.writeStringField("created_at", dataset.createdAt().toString());
      summary.writeFields(json, dataset);
      json.writeEndObject();
    }
    zip.finish();
  }

  private static void entry(ZipOutputStream zip, Dataset dataset, String name) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(dataset.createdAt().toEpochMilli());
    zip.putNextEntry(entry);
  }

  private static void text(ZipOutputStream zip, String text) throws IOException {
    zip.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
