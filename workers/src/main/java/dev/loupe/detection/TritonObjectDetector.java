package dev.loupe.detection;

import dev.loupe.inference.InferRequest;
import dev.loupe.inference.InferResult;
import dev.loupe.inference.InferTensor;
import dev.loupe.inference.InferenceException;
import dev.loupe.inference.ModelInference;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a class group's model on Triton (or the embedded server speaking its protocol). Loupe reads segmentation
 * detectors: one FP32 image input {@code [N,3,H,W]} (RGB normalised with ImageNet's mean and deviation, the
 * longer side at most 960, sides multiples of 32) and one probability map output {@code [N,1,H,W]} — PaddleOCR's DB text detector is one —
 * finding objects of the class group's first class. Any other model signature is refused, clearly; a model the
 * server does not know is a {@link ModelNotServed}.
 */
public class TritonObjectDetector implements ObjectDetector {

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final int MAX_SIDE = 960;
  private static final double BINARY_THRESHOLD = 0.3;
  private static final double MIN_SCORE = 0.6;
  private static final int MIN_SIDE = 3;
  private static final double UNCLIP_RATIO = 1.5;
  private static final float[][] NORMALIZED = normalizationTable();

  private final ModelInference triton;
  private final Map<ModelRef, String> inputNames = new ConcurrentHashMap<>();

  public TritonObjectDetector(ModelInference triton) {
    this.triton = triton;
  }

  @Override
  public List<Detection> detect(ModelRef model, BufferedImage image, ClassGroup classGroup) {
    double scale = Math.min(1.0, MAX_SIDE / (double) Math.max(image.getWidth(), image.getHeight()));
    int width = roundTo32(image.getWidth() * scale);
    int height = roundTo32(image.getHeight() * scale);
    InferResult result;
    try {
      result = triton.infer(new InferRequest(model.name(), model.version(),
          List.of(InferTensor.fp32(inputName(model), new long[] {1, 3, height, width}, normalized(image, width, height))),
          List.of()));
    } catch (InferenceException e) {
      String message = "model %s/%s failed: %s".formatted(model.name(), model.version(), e.getMessage());
      throw switch (e.code()) {
        case NOT_FOUND -> new ModelNotServed(message, e);
        case UNAVAILABLE -> new ModelServerUnavailable(message, e);
        default -> new DetectionFailed(message, e);
      };
    }
    if (result.outputs().size() != 1 || result.outputs().getFirst().shape().length != 4) {
      throw new DetectionFailed("model %s/%s does not answer one probability map [N,1,H,W]; Loupe reads only "
          + "segmentation detectors so far".formatted(model.name(), model.version()));
    }
    InferTensor map = result.outputs().getFirst();
    int mapHeight = (int) map.shape()[2];
    int mapWidth = (int) map.shape()[3];
    double scaleX = image.getWidth() / (double) mapWidth;
    double scaleY = image.getHeight() / (double) mapHeight;
    String classId = classGroup.classes().getFirst().id();
    return new ProbabilityMap(map.floats(), mapWidth, mapHeight)
        .regions(BINARY_THRESHOLD, MIN_SCORE, MIN_SIDE, UNCLIP_RATIO)
        .stream()
        .map(region -> new Detection(new Box(region.box().x() * scaleX, region.box().y() * scaleY,
            region.box().w() * scaleX, region.box().h() * scaleY), classId, region.score()))
        .toList();
  }

  /** The model's input name, asked of the server once per model version (a round trip per image otherwise). */
  private String inputName(ModelRef model) {
    return inputNames.computeIfAbsent(model, ref -> {
      var inputs = triton.modelMetadata(ref.name()).inputs();
      if (inputs.size() != 1) {
        throw new DetectionFailed("model %s has %d inputs; Loupe feeds one image".formatted(ref.name(), inputs.size()));
      }
      return inputs.getFirst().name();
    });
  }

  /** A side rounded to a multiple of 32, as the detector's strides need. */
  private static int roundTo32(double side) {
    return (int) Math.max(32, Math.round(side / 32) * 32);
  }

  /** The image resized to {@code width × height}, as CHW floats normalised with ImageNet's mean and deviation. */
  static float[] normalized(BufferedImage image, int width, int height) {
    BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = resized.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    graphics.drawImage(image, 0, 0, width, height, null);
    graphics.dispose();
    // the pixels straight from the raster (0xRRGGBB), not getRGB per pixel, which converts each through the colour
    // model: on the hot path of every detection, it took most of the worker's CPU
    int[] pixels = ((DataBufferInt) resized.getRaster().getDataBuffer()).getData();
    int plane = width * height;
    float[] values = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      int rgb = pixels[i];
      values[i] = NORMALIZED[0][(rgb >> 16) & 0xff];
      values[plane + i] = NORMALIZED[1][(rgb >> 8) & 0xff];
      values[2 * plane + i] = NORMALIZED[2][rgb & 0xff];
    }
    return values;
  }

  /** Each channel's 256 values, normalised: {@code (value / 255 - mean) / deviation}. */
  private static float[][] normalizationTable() {
    float[][] table = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int value = 0; value < 256; value++) {
        table[c][value] = (value / 255f - MEAN[c]) / STD[c];
      }
    }
    return table;
  }
}
