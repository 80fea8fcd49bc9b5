package dev.loupe.readmodels.training;

import dev.loupe.readmodels.training.TrainingExample.ExampleImage;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.ClassGroup.ObjectClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two walks of an export over a dataset's measured images, numbered 1, 2, ... in the same order both times: the
 * first counts and learns the categories (COCO and YOLO number classes before any annotation names one), the second
 * writes the annotations. Memory holds one page of streams and the class names, whatever the dataset's size.
 */
final class ImagePasses {

  /** Sees one measured image of an example, with its number in the export. */
  @FunctionalInterface
  interface ImageVisitor {
    void visit(int imageId, TrainingExample example, ExampleImage image) throws IOException;
  }

  /** The dataset's classes by id, in id order: their position is their number in the export. */
  static final class Categories {

    private final Map<String, String> names = new TreeMap<>();
    private Map<String, Integer> indexes;

    void add(TrainingExample example) {
      example.classGroup().classes().forEach(objectClass -> names.putIfAbsent(objectClass.id(), objectClass.name()));
      example.objects().forEach(object -> names.putIfAbsent(object.classId(), object.classId()));
    }

    /** Class ids and names in export order. */
    List<ObjectClass> inOrder() {
      return names.entrySet().stream().map(entry -> new ObjectClass(entry.getKey(), entry.getValue())).toList();
    }

    /** The class's position in {@link #inOrder()}, from 0. */
    int indexOf(AnnotatedObject object) {
      if (indexes == null) {
        indexes = new HashMap<>();
        names.keySet().forEach(classId -> indexes.put(classId, indexes.size()));
      }
      return indexes.get(object.classId());
    }
  }

  private ImagePasses() {}

  static void first(ExampleSource source, ExportSummary summary, Categories categories, ImageVisitor visitor)
      throws IOException {
    walk(source, summary, categories, visitor);
  }

  static void second(ExampleSource source, ImageVisitor visitor) throws IOException {
    walk(source, null, null, visitor);
  }

  private static void walk(ExampleSource source, ExportSummary summary, Categories categories, ImageVisitor visitor)
      throws IOException {
    int[] imageId = {0};
    try {
      source.forEach(example -> {
        if (summary != null) {
          summary.examples++;
          categories.add(example);
        }
        for (ExampleImage image : example.images()) {
          if (!image.measured()) {
            if (summary != null) {
              summary.imagesWithoutSize++;
            }
            continue;
          }
          if (summary != null) {
            summary.images++;
            summary.annotations += example.objectsOn(image.imageIndex()).size();
          }
          try {
            visitor.visit(++imageId[0], example, image);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }, streamId -> {
        if (summary != null) {
          summary.unreadableStreams.add(streamId);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
