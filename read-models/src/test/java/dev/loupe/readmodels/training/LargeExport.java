package dev.loupe.readmodels.training;

import dev.loupe.readmodels.training.TrainingExample.ExampleImage;
import dev.loupe.readmodels.training.TrainingExample.Origin;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Exports a dataset far larger than its JVM's heap, made up on the fly, as COCO and as YOLO, and prints how many
 * bytes each export wrote: {@link ExportMemoryTest} runs it with {@code -Xmx256m}.
 */
final class LargeExport {

  private static final int EXAMPLES = 50_000;
  private static final int OBJECTS = 30;

  private LargeExport() {}

  public static void main(String[] args) throws IOException {
    Counting coco = new Counting();
    CocoWriter.write(ExportFixtures.DATASET, LargeExport::examples, coco);
    Counting yolo = new Counting();
    YoloWriter.write(ExportFixtures.DATASET, LargeExport::examples, yolo);
    System.out.println("coco " + coco.bytes + " yolo " + yolo.bytes);
  }

  private static void examples(Consumer<TrainingExample> examples, Consumer<String> unreadable) {
    for (int i = 0; i < EXAMPLES; i++) {
      String taskId = "task-" + i;
      List<AnnotatedObject> objects = new ArrayList<>(OBJECTS);
      for (int o = 0; o < OBJECTS; o++) {
        objects.add(new AnnotatedObject(taskId + "-" + o, 0, new Box(o * 100.5, o * 50.25, 80, 120),
            o % 2 == 0 ? "cola" : "water"));
      }
      examples.accept(new TrainingExample(taskId, Histories.SHELF,
          List.of(new ExampleImage(0, URI.create("http://127.0.0.1:9/" + taskId + ".jpg"), 4000, 3000)), objects,
          "ayse", Histories.MODEL, Origin.CHECKED, Instant.EPOCH));
    }
  }

  /** Counts what is written and keeps none of it. */
  private static final class Counting extends OutputStream {

    private long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
