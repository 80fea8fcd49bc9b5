package dev.loupe.learning;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXContext;

/**
 * Trains a box classifier: multinomial logistic regression by SGD (Tribuo's {@link LinearSGDTrainer}, AdaGrad, a fixed
 * seed) on labelled feature rows, exported to ONNX as {@link TrainedClassifier} describes. The same rows in the same
 * order train the same weights and the same ONNX bytes: Tribuo's provenance (which carries the training time and host)
 * is left out of the ONNX model (its doc string too), whose metadata holds only the features' name and the class order.
 */
public final class ClassifierTrainer {

  /**
   * How the classifier learns; {@link #defaults()} suits the {@value ThumbnailHistogramFeatures#NAME} features and the
   * {@value ThumbnailHistogramGradientFeatures#NAME} ones built on them.
   */
  public record Settings(int epochs, double learningRate, long seed, int minimumRows) {

    public static Settings defaults() {
      return new Settings(25, 0.5, 17L, 10);
    }
  }

  /** The ONNX metadata key of the features' name. */
  public static final String FEATURES_METADATA = "loupe.features";
  /** The ONNX metadata key of the class order, comma-separated. */
  public static final String CLASSES_METADATA = "loupe.classes";
  private static final String DOMAIN = "dev.loupe.learning";

  private final Settings settings;

  public ClassifierTrainer(Settings settings) {
    this.settings = settings;
  }

  /**
   * Trains on {@code rows}, every one of {@code features.dimension()} values.
   *
   * @param version the version number written into the ONNX model
   * @throws TrainingRefused with fewer than {@link Settings#minimumRows()} rows or fewer than two classes
   */
  public TrainedClassifier train(BoxFeatures features, List<LabelledFeatures> rows, long version) {
    Set<String> classes = new TreeSet<>();
    rows.forEach(row -> classes.add(row.classId()));
    if (rows.size() < settings.minimumRows()) {
      throw new TrainingRefused(rows.size() + " verified objects, fewer than the " + settings.minimumRows()
          + " a classifier needs");
    }
    if (classes.size() < 2) {
      throw new TrainingRefused("every verified object is of class " + classes + ": a classifier needs two or more");
    }
    String[] names = featureNames(features.dimension());
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> dataset = new MutableDataset<>(
        new SimpleDataSourceProvenance("verified boxes, features " + features.name(), labels), labels);
    for (LabelledFeatures row : rows) {
      if (row.features().length != names.length) {
        throw new IllegalArgumentException("a row has " + row.features().length + " features, not "
            + names.length + " (" + features.name() + ")");
      }
      double[] values = new double[names.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.features()[i];
      }
      dataset.add(new ArrayExample<>(new Label(row.classId()), names, values));
    }
    LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
        new AdaGrad(settings.learningRate(), 1e-6), settings.epochs(), -1, 1, settings.seed());
    LinearSGDModel model = trainer.train(dataset);
    if (model.getFeatureIDMap().size() != names.length) {
      throw new IllegalStateException("the model knows " + model.getFeatureIDMap().size() + " of the "
          + names.length + " features");
    }
    ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
    List<String> order = new ArrayList<>();
    for (int id = 0; id < outputs.size(); id++) {
      order.add(outputs.getOutput(id).getLabel());
    }
    return new TrainedClassifier(features.name(), names.length, order, onnx(model, features, order, version));
  }

  private static byte[] onnx(LinearSGDModel model, BoxFeatures features, List<String> classes, long version) {
    ONNXContext context = new ONNXContext();
    context.setName("box-classifier");
    model.writeONNXGraph(context.floatInput(TrainedClassifier.INPUT, features.dimension()))
        .assignTo(context.floatOutput(TrainedClassifier.OUTPUT, classes.size()));
    OnnxMl.ModelProto exported = ONNXExportable.buildModel(context, DOMAIN, version, model);
    return exported.toBuilder()
        .setDocString("box classifier on " + features.name() + " features, classes " + String.join(",", classes))
        .clearMetadataProps()
        .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
            .setKey(FEATURES_METADATA).setValue(features.name()))
        .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
            .setKey(CLASSES_METADATA).setValue(String.join(",", classes)))
        .build()
        .toByteArray();
  }

  /** Names that sort as their indices do: Tribuo numbers features by name, and the ONNX input follows that order. */
  private static String[] featureNames(int dimension) {
    String[] names = new String[dimension];
    for (int i = 0; i < dimension; i++) {
      names[i] = String.format(Locale.ROOT, "f%05d", i);
    }
    return names;
  }
}
