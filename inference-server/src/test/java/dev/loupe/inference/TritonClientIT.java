package dev.loupe.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.inference.server.ClasspathModelRepository;
import dev.loupe.inference.server.EmbeddedModelServer;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a server speaking Triton's protocol with the real PaddleOCR models: the embedded model
 * server by default, or the Triton at LOUPE_INFERENCE_URL (started with --model-control-mode=explicit
 * --load-model=* on the triton-models repository).
 */
class TritonClientIT {

  private static final String DETECTOR = "text_detection";
  private static final String RECOGNIZER = "text_recognition";
  private static final int SIZE = 640;
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  @TempDir
  static Path repositoryDirectory;

  private static EmbeddedModelServer server;
  private static TritonClient client;
  private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void connect() throws Exception {
    String target = System.getenv(TritonClientSettings.URL_VARIABLE);
    if (target == null || target.isBlank()) {
      Path repository = ClasspathModelRepository.extractTo(repositoryDirectory);
      server = EmbeddedModelServer.start(repository, "127.0.0.1", 0, 2);
      target = "127.0.0.1:" + server.port();
    }
    client = new TritonClient(TritonClientSettings.defaults(target), meters);
  }

  @AfterAll
  static void close() throws Exception {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void serverIsLiveAndReadyWithTheRepositoryExtension() {
    assertThat(client.serverLive()).isTrue();
    assertThat(client.serverReady()).isTrue();
    assertThat(client.serverMetadata().extensions()).contains("model_repository");
  }

  @Test
  void metadataDescribesTheDetector() {
    ModelMetadata metadata = client.modelMetadata(DETECTOR);

    assertThat(metadata.name()).isEqualTo(DETECTOR);
    assertThat(metadata.versions()).containsExactly("1");
    assertThat(metadata.platform()).isEqualTo("onnxruntime_onnx");
    assertThat(metadata.inputs()).containsExactly(new ModelMetadata.TensorMetadata("x", "FP32", List.of(-1L, 3L, -1L, -1L)));
    assertThat(metadata.outputs())
        .containsExactly(new ModelMetadata.TensorMetadata("sigmoid_0.tmp_0", "FP32", List.of(-1L, 1L, -1L, -1L)));
    assertThat(client.modelConfig(DETECTOR).getMaxBatchSize()).isEqualTo(8);
    assertThat(client.modelConfig(DETECTOR).hasDynamicBatching()).isTrue();
  }

  @Test
  void indexListsBothModelsReady() {
    assertThat(client.repositoryIndex(true))
        .contains(new ModelIndexEntry(DETECTOR, "1", "READY", ""), new ModelIndexEntry(RECOGNIZER, "1", "READY", ""));
  }

  @Test
  void detectorFindsTheTextDrawnOnAWhiteImage() {
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, SIZE, SIZE);
    graphics.setColor(Color.BLACK);
    graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
    String text = "PRICE 12.99";
    Rectangle box = graphics.getFont().createGlyphVector(graphics.getFontRenderContext(), text)
        .getPixelBounds(graphics.getFontRenderContext(), 80, 340);
    graphics.drawString(text, 80, 340);
    graphics.dispose();

    InferResult result = client.infer(InferRequest.of(DETECTOR, InferTensor.fp32("x", new long[] {1, 3, SIZE, SIZE}, chw(image))));

    InferTensor map = result.output("sigmoid_0.tmp_0");
    assertThat(map.shape()).containsExactly(1, 1, SIZE, SIZE);
    float[] probability = map.floats();
    Rectangle around = new Rectangle(box.x - 40, box.y - 40, box.width + 80, box.height + 80);
    double inside = 0;
    double outside = 0;
    float insideMax = 0;
    float outsideMax = 0;
    int insideCount = 0;
    int outsideCount = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        float p = probability[y * SIZE + x];
        if (box.contains(x, y)) {
          inside += p;
          insideCount++;
          insideMax = Math.max(insideMax, p);
        } else if (!around.contains(x, y)) {
          outside += p;
          outsideCount++;
          outsideMax = Math.max(outsideMax, p);
        }
      }
    }
    String stats = "text box: mean %.3f, max %.3f; 40 px away from it: mean %.5f, max %.3f"
        .formatted(inside / insideCount, insideMax, outside / outsideCount, outsideMax);
    assertThat(insideMax).as(stats).isGreaterThan(0.9f);
    assertThat(inside / insideCount).as(stats).isGreaterThan(0.2);
    assertThat(outsideMax).as(stats).isLessThan(0.05f);
    assertThat(result.model()).isEqualTo(DETECTOR);
    assertThat(result.version()).isEqualTo("1");
    assertThat(meters.get(TritonClient.TIMER).tags("model", DETECTOR, "outcome", "OK").timer().count()).isEqualTo(1);
  }

  @Test
  void recognizerAnswersClassProbabilitiesPerTimestep() {
    InferTensor line = InferTensor.fp32("x", new long[] {1, 3, 48, 320}, new float[3 * 48 * 320]);

    InferTensor output = client.infer(InferRequest.of(RECOGNIZER, line)).output("softmax_11.tmp_0");

    assertThat(output.shape()).containsExactly(1, 40, 6625);
  }

  @Test
  void wrongShapeIsAnInvalidArgument() {
    InferTensor noBatch = InferTensor.fp32("x", new long[] {3, 32, 32}, new float[3 * 32 * 32]);

    double invalidBefore = invalidArguments();

    assertThatThrownBy(() -> client.infer(InferRequest.of(DETECTOR, noBatch)))
        .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("unexpected shape for input 'x'");
    assertThat(invalidArguments()).isEqualTo(invalidBefore + 1);
  }

  @Test
  void wrongDatatypeIsAnInvalidArgument() {
    InferTensor integers = InferTensor.int64("x", new long[] {1, 3, 32, 32}, new long[3 * 32 * 32]);

    assertThatThrownBy(() -> client.infer(InferRequest.of(DETECTOR, integers)))
        .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("data-type is 'INT64'");
  }

  @Test
  void unknownModelIsNotFound() {
    InferTensor input = InferTensor.fp32("x", new long[] {1}, new float[1]);

    assertThatThrownBy(() -> client.infer(InferRequest.of("no_such_model", input)))
        .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(client.modelReady("no_such_model")).isFalse();
  }

  @Test
  void unloadedModelIsNotReadyUntilLoadedAgain() {
    client.unloadModel(RECOGNIZER);

    assertThat(client.modelReady(RECOGNIZER)).isFalse();
    assertThat(client.repositoryIndex(true)).extracting(ModelIndexEntry::name).doesNotContain(RECOGNIZER);
    // Triton keeps the unloaded version in its index, UNAVAILABLE for the reason "unloaded" (ADR 0029)
    assertThat(client.repositoryIndex(false)).contains(new ModelIndexEntry(RECOGNIZER, "1", "UNAVAILABLE", "unloaded"));

    client.loadModel(RECOGNIZER);

    assertThat(client.modelReady(RECOGNIZER)).isTrue();
    assertThat(client.modelReady(RECOGNIZER, "1")).isTrue();
  }

  private static double invalidArguments() {
    var timer = meters.find(TritonClient.TIMER).tags("model", DETECTOR, "outcome", "INVALID_ARGUMENT").timer();
    return timer == null ? 0 : timer.count();
  }

  /** The image as PaddleOCR's detector wants it: CHW floats normalised with ImageNet's mean and deviation. */
  private static float[] chw(BufferedImage image) {
    int plane = SIZE * SIZE;
    float[] values = new float[3 * plane];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int rgb = image.getRGB(x, y);
        int[] channels = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        for (int c = 0; c < 3; c++) {
          values[c * plane + y * SIZE + x] = (channels[c] / 255f - MEAN[c]) / STD[c];
        }
      }
    }
    return values;
  }
}
