package dev.loupe.benchmarks.pricetags;

import dev.loupe.detection.Detection;
import dev.loupe.detection.TritonObjectDetector;
import dev.loupe.inference.ModelInference;
import dev.loupe.inference.server.ClasspathModelRepository;
import dev.loupe.pricetags.CtcDecoder;
import dev.loupe.pricetags.TritonTextRecognizer;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loupe's price-tag reading as its workers run it, over any {@link ModelInference}: the object detector with the
 * text detector finds the tags' text lines ({@code DetectObjectsWorker}), then the recogniser reads each box it
 * found ({@code ReadTagsWorker}), with the alphabet the application loads. Only the model server underneath
 * changes between the benchmark's systems.
 */
final class PriceTagPipeline {

  /** The dictionary the application reads the recogniser's classes from, on the triton-models classpath. */
  static final String ALPHABET = ClasspathModelRepository.RESOURCE + "/text_recognition/ppocr_keys_v1.txt";

  private static final ModelRef DETECTOR = new ModelRef("text_detection", "1");
  private static final ModelRef RECOGNIZER = new ModelRef("text_recognition", "1");
  private static final ClassGroup PRICE_TAGS =
      new ClassGroup("price-tags", List.of(new ClassGroup.ObjectClass("price-tag", "Price tag")));

  /** One text line found on an image and what the recogniser read in it. */
  record Reading(Box box, String text) {}

  private final TritonObjectDetector detector;
  private final TritonTextRecognizer recognizer;

  PriceTagPipeline(ModelInference models) {
    this.detector = new TritonObjectDetector(models);
    this.recognizer = new TritonTextRecognizer(models, new CtcDecoder(alphabet()));
  }

  /** Detects the text lines of {@code image} and reads each one. */
  List<Reading> read(BufferedImage image) {
    List<Reading> readings = new ArrayList<>();
    for (Detection detection : detector.detect(DETECTOR, image, PRICE_TAGS)) {
      readings.add(new Reading(detection.box(), recognizer.read(RECOGNIZER, image, detection.box()).text()));
    }
    return readings;
  }

  /** The recogniser's classes 1..n: the dictionary's lines, then the space, as {@code DetectionConfiguration} has it. */
  static List<String> alphabet() {
    try (InputStream in = PriceTagPipeline.class.getClassLoader().getResourceAsStream(ALPHABET)) {
      if (in == null) {
        throw new IllegalStateException("no " + ALPHABET + " on the classpath: add dev.loupe:triton-models");
      }
      List<String> characters = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      characters.add(" ");
      return characters;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
