package dev.loupe.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.loupe.task.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierTrainerTest {

  private static final List<Color> COLOURS = List.of(Color.RED, Color.GREEN, Color.BLUE);
  private final BoxFeatures features = new ThumbnailHistogramFeatures();
  private final ClassifierTrainer trainer = new ClassifierTrainer(ClassifierTrainer.Settings.defaults());

  @Test
  void shouldExportAnOnnxModelThatOnnxRuntimeRunsOnTheProjectsProtobuf() throws OrtException {
    // given
    List<LabelledFeatures> rows = rows(60, 1);

    // when
    TrainedClassifier classifier = trainer.train(features, rows, 3);

    // then
    assertThat(classifier.classes()).containsExactlyInAnyOrder("blue", "green", "red");
    float[][] probabilities = run(classifier, rows);
    for (int i = 0; i < rows.size(); i++) {
      float sum = 0;
      for (float p : probabilities[i]) {
        sum += p;
      }
      assertThat(sum).isCloseTo(1f, within(1e-4f));
    }
    List<String> truth = rows.stream().map(LabelledFeatures::classId).toList();
    assertThat(Evaluation.of(truth, Evaluation.argmax(probabilities, classifier.classes())).accuracy())
        .isEqualTo(1.0);
  }

  @Test
  void shouldClassifyBoxesItNeverSawByTheirColour() throws OrtException {
    // given
    TrainedClassifier classifier = trainer.train(features, rows(60, 1), 1);
    List<LabelledFeatures> unseen = rows(30, 2);

    // when
    float[][] probabilities = run(classifier, unseen);

    // then
    List<String> truth = unseen.stream().map(LabelledFeatures::classId).toList();
    assertThat(Evaluation.of(truth, Evaluation.argmax(probabilities, classifier.classes())).accuracy())
        .isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void shouldTrainTheSameOnnxBytesFromTheSameRows() {
    // given
    List<LabelledFeatures> rows = rows(40, 5);

    // when
    byte[] first = trainer.train(features, rows, 1).onnx();
    byte[] second = trainer.train(features, rows, 1).onnx();

    // then
    assertThat(Arrays.equals(first, second)).as("same ONNX bytes").isTrue();
  }

  @Test
  void shouldRefuseASingleClass() {
    List<LabelledFeatures> rows = rows(30, 1).stream().map(row -> new LabelledFeatures("red", row.features()))
        .toList();

    assertThatThrownBy(() -> trainer.train(features, rows, 1))
        .isInstanceOf(TrainingRefused.class)
        .hasMessageContaining("two or more");
  }

  @Test
  void shouldRefuseTooFewRows() {
    assertThatThrownBy(() -> trainer.train(features, rows(3, 1), 1))
        .isInstanceOf(TrainingRefused.class)
        .hasMessageContaining("fewer than the 10");
  }

  /** Boxes of three colours (with noise and a white background around them) on generated shelf images. */
  static List<LabelledFeatures> rows(int count, long seed) {
    Random random = new Random(seed);
    BoxFeatures features = new ThumbnailHistogramFeatures();
    List<LabelledFeatures> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Color colour = COLOURS.get(i % COLOURS.size());
      BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
      Graphics2D graphics = image.createGraphics();
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, 120, 90);
      int x = 10 + random.nextInt(30);
      int y = 10 + random.nextInt(20);
      int w = 30 + random.nextInt(40);
      int h = 30 + random.nextInt(30);
      graphics.setColor(jitter(colour, random));
      graphics.fillRect(x, y, w, h);
      graphics.dispose();
      String name = colour.equals(Color.RED) ? "red" : colour.equals(Color.GREEN) ? "green" : "blue";
      rows.add(new LabelledFeatures(name, features.extract(image, new Box(x - 2, y - 2, w + 4, h + 4))));
    }
    return rows;
  }

  private static Color jitter(Color colour, Random random) {
    return new Color(clamp(colour.getRed() + random.nextInt(81) - 40), clamp(colour.getGreen() + random.nextInt(81) - 40),
        clamp(colour.getBlue() + random.nextInt(81) - 40));
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }

  private static float[][] run(TrainedClassifier classifier, List<LabelledFeatures> rows) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    float[][] input = rows.stream().map(LabelledFeatures::features).toArray(float[][]::new);
    try (OrtSession session = environment.createSession(classifier.onnx());
        OnnxTensor tensor = OnnxTensor.createTensor(environment, input);
        OrtSession.Result result = session.run(Map.of(TrainedClassifier.INPUT, tensor))) {
      assertThat(session.getInputNames()).containsExactly(TrainedClassifier.INPUT);
      assertThat(session.getOutputNames()).containsExactly(TrainedClassifier.OUTPUT);
      return (float[][]) result.get(TrainedClassifier.OUTPUT).orElseThrow().getValue();
    }
  }
}
