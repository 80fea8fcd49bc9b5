package dev.loupe.readmodels.training;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an export wrote and left out. Images never measured (tasks recorded before ImagesMeasured existed, or whose
 * images no worker decoded and no operator loaded) cannot be placed in COCO or YOLO coordinates: they and their
 * objects are left out and counted.
 */
final class ExportSummary {

  int examples;
  int images;
  int annotations;
  int imagesWithoutSize;
  final List<String> unreadableStreams = new ArrayList<>();

  /** The dataset's definition and these counts as the fields of the JSON object being written. */
  void writeFields(JsonGenerator json, Dataset dataset) throws IOException {
    json.writeStringField("loupe_dataset_id", dataset.id().toString());
    json.writeStringField("loupe_dataset_name", dataset.name());
    json.writeStringField("loupe_class_group", dataset.query().classGroupKey());
    json.writeStringField("loupe_finished_from", Objects.toString(dataset.query().finishedFrom(), null));
    json.writeStringField("loupe_finished_to", Objects.toString(dataset.query().finishedTo(), null));
    json.writeBooleanField("loupe_verified_only", dataset.query().verifiedOnly());
    json.writeStringField("loupe_as_of", dataset.asOf().transactionId() + ":" + dataset.asOf().position());
    json.writeNumberField("loupe_examples", examples);
    json.writeNumberField("loupe_images", images);
    json.writeNumberField("loupe_annotations", annotations);
    json.writeNumberField("loupe_images_without_size", imagesWithoutSize);
    json.writeArrayFieldStart("loupe_unreadable_streams");
    for (String streamId : unreadableStreams) {
      json.writeString(streamId);
    }
    json.writeEndArray();
  }
}
