package dev.loupe.learning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Writes classifier versions into a Triton model repository: {@code <model>/config.pbtxt} and
 * {@code <model>/<version>/model.onnx} with {@code classes.txt} (the class order, one a line) beside it. The config
 * serves every version ({@code version_policy: { all {} }}), so a challenger can be evaluated next to the champion
 * before the registry switches, and declares a zero warm-up input of the model's own shape. A version folder is
 * written aside and moved into place, so a server never loads half of it.
 */
public final class ClassifierRepository {

  public static final String MODEL_FILE = "model.onnx";
  public static final String CLASSES_FILE = "classes.txt";
  /** Between a class group's model name and the features of {@link #modelName(String, String)}. */
  private static final String FEATURES_SEPARATOR = "__";

  private final Path root;

  public ClassifierRepository(Path root) {
    this.root = root;
  }

  /**
   * The model name of a class group's classifier: {@code classifier-<key>}. A key with characters outside
   * [A-Za-z0-9_.-] has them as _ and the first 8 hex digits of its SHA-256 appended, so that two keys that differ only
   * there ({@code shelf/EU 2}, {@code shelf_EU_2}) never share a model, whose versions and classes would then mix; so
   * does a key with {@code __} in it, which would otherwise name another key's model on other features.
   */
  public static String modelName(String classGroupKey) {
    String safe = classGroupKey.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (safe.equals(classGroupKey) && !classGroupKey.contains(FEATURES_SEPARATOR)) {
      return "classifier-" + safe;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(classGroupKey.getBytes(StandardCharsets.UTF_8));
      return "classifier-" + safe + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /**
   * The model name of a class group's classifier trained on the features {@code featuresName}: {@link
   * #modelName(String)} for {@value ThumbnailHistogramFeatures#NAME}, the first features, whose versions were written
   * there before there were others; {@code <that>__<featuresName>} for any other. The versions of one model share its
   * {@code config.pbtxt}, whose input has the features' dimension, so a new way of computing features starts a model
   * of its own, with versions from 1, beside the one still serving.
   */
  public static String modelName(String classGroupKey, String featuresName) {
    String model = modelName(classGroupKey);
    return featuresName.equals(ThumbnailHistogramFeatures.NAME) ? model : model + FEATURES_SEPARATOR + featuresName;
  }

  /** Writes {@code classifier} as {@code version} of {@code modelName}; returns the version folder. */
  public Path write(String modelName, long version, TrainedClassifier classifier) throws IOException {
    Path model = root.resolve(modelName);
    Files.createDirectories(model);
    Path config = model.resolve("config.pbtxt");
    Path configAside = Files.createTempFile(model, ".config", ".tmp");
    Files.writeString(configAside, config(modelName, classifier.dimension()), StandardCharsets.UTF_8);
    move(configAside, config);
    Path folder = model.resolve(Long.toString(version));
    if (Files.exists(folder)) {
      throw new IOException("version folder " + folder + " already exists");
    }
    Path aside = Files.createTempDirectory(model, ".version-");
    Files.write(aside.resolve(MODEL_FILE), classifier.onnx());
    Files.writeString(aside.resolve(CLASSES_FILE), String.join("\n", classifier.classes()) + "\n",
        StandardCharsets.UTF_8);
    move(aside, folder);
    return folder;
  }

  /** The highest version folder of {@code modelName}; 0 when it has none. */
  public long latestVersion(String modelName) throws IOException {
    Path model = root.resolve(modelName);
    if (!Files.isDirectory(model)) {
      return 0;
    }
    try (var children = Files.list(model)) {
      return children.map(child -> child.getFileName().toString())
          .filter(name -> name.matches("[0-9]{1,18}"))
          .mapToLong(Long::parseLong)
          .max()
          .orElse(0);
    }
  }

  static String config(String modelName, int dimension) {
    return String.format(Locale.ROOT, """
        name: "%s"
        platform: "onnxruntime_onnx"
        max_batch_size: 64
        input [
          {
            name: "%s"
            data_type: TYPE_FP32
            dims: [ %d ]
          }
        ]
        output [
          {
            name: "%s"
            data_type: TYPE_FP32
            dims: [ -1 ]
          }
        ]
        version_policy: { all { } }
        instance_group [ { count: 1, kind: KIND_CPU } ]
        model_warmup [
          {
            name: "zeros"
            batch_size: 1
            inputs {
              key: "%s"
              value: { data_type: TYPE_FP32, dims: [ %d ], zero_data: true }
            }
          }
        ]
        """, modelName, TrainedClassifier.INPUT, dimension, TrainedClassifier.OUTPUT, TrainedClassifier.INPUT,
        dimension);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
