package dev.loupe.pricetags;

import dev.loupe.detection.DetectionFailed;
import dev.loupe.detection.ModelServerUnavailable;
import dev.loupe.inference.InferRequest;
import dev.loupe.inference.InferResult;
import dev.loupe.inference.InferTensor;
import dev.loupe.inference.InferenceException;
import dev.loupe.inference.ModelInference;
import dev.loupe.pricetags.CtcDecoder.Reading;
import dev.loupe.task.Box;
import dev.loupe.task.ModelRef;
import io.grpc.Status;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a box of an image with a CTC text recogniser on Triton (PaddleOCR's SVTR recogniser is one): the crop is
 * scaled to height 48 (width at most 320, keeping its aspect), normalised to [-1, 1] as CHW floats, sent as
 * input {@code [1,3,48,W]}; the output {@code [1,T,C]} is greedy-CTC decoded with the model's alphabet.
 */
public class TritonTextRecognizer implements TextRecognizer {

  private static final int HEIGHT = 48;
  private static final int MAX_WIDTH = 320;

  private final ModelInference triton;
  private final Map<ModelRef, String> inputNames = new ConcurrentHashMap<>();
  private final CtcDecoder decoder;

  public TritonTextRecognizer(ModelInference triton, CtcDecoder decoder) {
    this.triton = triton;
    this.decoder = decoder;
  }

  @Override
  public Reading read(ModelRef model, BufferedImage image, Box box) {
    int x = (int) Math.max(0, Math.floor(box.x()));
    int y = (int) Math.max(0, Math.floor(box.y()));
    int w = (int) Math.min(image.getWidth() - x, Math.ceil(box.w()));
    int h = (int) Math.min(image.getHeight() - y, Math.ceil(box.h()));
    if (w < 1 || h < 1) {
      throw new DetectionFailed("box %s lies outside the %dx%d image".formatted(box, image.getWidth(), image.getHeight()));
    }
    int width = Math.max(8, Math.min(MAX_WIDTH, Math.round(HEIGHT * w / (float) h)));
    BufferedImage crop = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = crop.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    graphics.drawImage(image.getSubimage(x, y, w, h), 0, 0, width, HEIGHT, null);
    graphics.dispose();
    InferResult result;
    try {
      result = triton.infer(new InferRequest(model.name(), model.version(),
          List.of(InferTensor.fp32(inputName(model), new long[] {1, 3, HEIGHT, width}, normalized(crop))), List.of()));
    } catch (InferenceException e) {
      String message = "model %s/%s failed: %s".formatted(model.name(), model.version(), e.getMessage());
      throw e.code() == Status.Code.UNAVAILABLE ? new ModelServerUnavailable(message, e)
          : new DetectionFailed(message, e);
    }
    InferTensor output = result.outputs().getFirst();
    if (output.shape().length != 3) {
      throw new DetectionFailed("model %s/%s does not answer [N,T,C] class probabilities"
          .formatted(model.name(), model.version()));
    }
    return decoder.decode(output.floats(), (int) output.shape()[1], (int) output.shape()[2]);
  }

  /** The model's input name, asked of the server once per model version (a round trip per crop otherwise). */
  private String inputName(ModelRef model) {
    return inputNames.computeIfAbsent(model, ref -> triton.modelMetadata(ref.name()).inputs().getFirst().name());
  }

  private static float[] normalized(BufferedImage crop) {
    int plane = crop.getWidth() * crop.getHeight();
    float[] values = new float[3 * plane];
    for (int row = 0; row < crop.getHeight(); row++) {
      for (int column = 0; column < crop.getWidth(); column++) {
        int rgb = crop.getRGB(column, row);
        int[] channels = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        for (int c = 0; c < 3; c++) {
          values[c * plane + row * crop.getWidth() + column] = channels[c] / 127.5f - 1f;
        }
      }
    }
    return values;
  }
}
