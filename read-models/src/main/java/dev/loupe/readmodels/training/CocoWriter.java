package dev.loupe.readmodels.training;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.readmodels.training.ImagePasses.Categories;
import dev.loupe.readmodels.training.TrainingExample.ExampleImage;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup.ObjectClass;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Writes a dataset as COCO object detection JSON ({@code images}, {@code annotations}, {@code categories},
 * {@code info}, {@code licenses}), streaming: images, then annotations, then categories, each walked from the
 * journal, so memory does not grow with the dataset. Ids count from 1 in stream id order; {@code bbox} is
 * {@code [x, y, width, height]} in pixels from the top-left corner. Loupe's own facts ride along in {@code loupe_*}
 * fields, which COCO readers ignore. The same dataset always gives the same bytes.
 */
public final class CocoWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private CocoWriter() {}

  public static void write(Dataset dataset, ExampleSource source, OutputStream out) throws IOException {
    ExportSummary summary = new ExportSummary();
    Categories categories = new Categories();
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      json.writeStartObject();
      json.writeArrayFieldStart("images");
      ImagePasses.first(source, summary, categories, (imageId, example, image) -> image(json, imageId, example, image));
      json.writeEndArray();
      json.writeArrayFieldStart("annotations");
      int[] annotationId = {0};
      ImagePasses.second(source, (imageId, example, image) -> {
        for (AnnotatedObject object : example.objectsOn(image.imageIndex())) {
          annotation(json, ++annotationId[0], imageId, object, categories.indexOf(object) + 1);
        }
      });
      json.writeEndArray();
      json.writeArrayFieldStart("categories");
      List<ObjectClass> classes = categories.inOrder();
      for (int i = 0; i < classes.size(); i++) {
        json.writeStartObject();
        json.writeNumberField("id", i + 1);
        json.writeStringField("name", classes.get(i).id());
        json.writeStringField("supercategory", dataset.query().classGroupKey());
        json.writeStringField("loupe_display_name", classes.get(i).name());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("info");
      json.writeStringField("description", "Loupe dataset " + dataset.name());
      json.writeStringField("version", dataset.id().toString());
      json.writeStringField("date_created", dataset.createdAt().toString());
      summary.writeFields(json, dataset);
      json.writeEndObject();
      json.writeArrayFieldStart("licenses");
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private static void image(JsonGenerator json, int imageId, TrainingExample example, ExampleImage image)
      throws IOException {
    json.writeStartObject();
    json.writeNumberField("id", imageId);
    json.writeStringField("file_name", image.name(example.taskId()) + extension(image.url()));
    json.writeStringField("coco_url", image.url().toString());
    json.writeNumberField("width", image.width());
    json.writeNumberField("height", image.height());
    json.writeStringField("loupe_task_id", example.taskId());
    json.writeNumberField("loupe_image_index", image.imageIndex());
    json.writeStringField("loupe_origin", example.origin().name());
    json.writeStringField("loupe_verified_by", example.verifiedBy());
    json.writeStringField("loupe_pre_labelled_by", example.preLabelledBy() == null
        ? null
        : example.preLabelledBy().name() + ":" + example.preLabelledBy().version());
    json.writeStringField("loupe_finished_at", example.finishedAt().toString());
    json.writeEndObject();
  }

  private static void annotation(JsonGenerator json, int id, int imageId, AnnotatedObject object, int categoryId)
      throws IOException {
    Box box = object.box();
    json.writeStartObject();
    json.writeNumberField("id", id);
    json.writeNumberField("image_id", imageId);
    json.writeNumberField("category_id", categoryId);
    json.writeArrayFieldStart("bbox");
    json.writeNumber(box.x());
    json.writeNumber(box.y());
    json.writeNumber(box.w());
    json.writeNumber(box.h());
    json.writeEndArray();
    json.writeNumberField("area", box.w() * box.h());
    json.writeArrayFieldStart("segmentation");
    json.writeArray(new double[] {box.x(), box.y(), box.x() + box.w(), box.y(), box.x() + box.w(), box.y() + box.h(),
        box.x(), box.y() + box.h()}, 0, 8);
    json.writeEndArray();
    json.writeNumberField("iscrowd", 0);
    json.writeStringField("loupe_object_id", object.objectId());
    json.writeEndObject();
  }

  /** The extension of the image URL's last path segment (".jpg"), or none. */
  private static String extension(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    int dot = last.lastIndexOf('.');
    return dot > 0 && last.length() - dot <= 5 ? last.substring(dot).toLowerCase(Locale.ROOT) : "";
  }
}
