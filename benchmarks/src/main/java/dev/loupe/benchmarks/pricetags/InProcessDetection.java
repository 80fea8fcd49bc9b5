package dev.loupe.benchmarks.pricetags;

import dev.loupe.detection.TritonObjectDetector;
import dev.loupe.inference.server.ClasspathModelRepository;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The automatic path's reference rate for the end-to-end benchmark: what the detect-objects step itself costs on
 * these images with nothing around it. PNG bytes decoded, then the workers' {@link TritonObjectDetector} with the
 * text detector over {@link OnnxRuntimeInference} (ONNX Runtime in-process, no server, no protocol), by
 * {@code clients} threads side by side, each session with {@code threads} intra-op threads.
 */
public final class InProcessDetection {

  private static final ModelRef DETECTOR = new ModelRef("text_detection", "1");
  private static final ClassGroup PRICE_TAGS =
      new ClassGroup("price-tags", List.of(new ClassGroup.ObjectClass("price-tag", "Price tag")));

  private InProcessDetection() {}

  /**
   * Images/s over {@code passes} passes of {@code pngs} after one unmeasured image per client.
   */
  public static double imagesPerSecond(List<byte[]> pngs, int threads, int clients, int passes) throws Exception {
    Path repository = ClasspathModelRepository.extractTo(Files.createTempDirectory("loupe-bench-e2e-models"));
    ExecutorService executor = Executors.newFixedThreadPool(clients, PipelineRun.clientThreads());
    try (OnnxRuntimeInference models = PipelineRun.onLargeStack(() -> new OnnxRuntimeInference(repository, threads))) {
      TritonObjectDetector detector = new TritonObjectDetector(models);
      List<Future<?>> warmUps = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int image = c % pngs.size();
        warmUps.add(executor.submit(() -> detector.detect(DETECTOR, decode(pngs.get(image)), PRICE_TAGS)));
      }
      for (Future<?> warmUp : warmUps) {
        warmUp.get();
      }
      int total = pngs.size() * passes;
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      List<Future<?>> runs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        runs.add(executor.submit(() -> {
          int n;
          while ((n = next.getAndIncrement()) < total) {
            detector.detect(DETECTOR, decode(pngs.get(n % pngs.size())), PRICE_TAGS);
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      executor.shutdown();
      try (Stream<Path> paths = Files.walk(repository)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static java.awt.image.BufferedImage decode(byte[] png) {
    try {
      return ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
