package dev.loupe.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.loupe.inference.Datatype;
import dev.loupe.inference.InferRequest;
import dev.loupe.inference.InferTensor;
import dev.loupe.inference.InferenceException;
import dev.loupe.inference.ModelMetadata;
import dev.loupe.inference.TritonClient;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.protocol.ModelWarmup;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.task.ModelRef;
import dev.loupe.task.QualityPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to the model registry, as a control stream (Radicalbit's pattern): a model is loaded on the model
 * server, warmed with one inference and checked ready at the registered version <em>before</em> the registry
 * switches the class group to it, and every change is an event of stream {@code model-<classGroupKey>} in the
 * journal, which the relay publishes to {@code loupe.events.model} for every other Loupe instance
 * ({@link ModelControlListener}). A model that fails to load leaves the registry, and what the server serves, as
 * they were.
 */
@Service
public class ModelControl {

  /** The role a model plays for a class group. */
  public enum Role {
    /** Finds the class group's objects on a task's images. */
    DETECTOR,
    /** Suggests the class of a box. */
    CLASSIFIER
  }

  /**
   * The registry switched a class group's detector or classifier ({@code role}; null in events written before
   * classifiers: DETECTOR) to a model: loaded, warmed and ready on the model server. A classifier's carries its
   * features and its class order.
   */
  public record ModelActivated(String classGroupKey, String modelName, String modelVersion, double samplingRate,
      double minConfidence, Role role, String features, List<String> classes) {

    public ModelActivated(String classGroupKey, String modelName, String modelVersion, double samplingRate,
        double minConfidence) {
      this(classGroupKey, modelName, modelVersion, samplingRate, minConfidence, Role.DETECTOR, null, null);
    }

    public Role roleOrDetector() {
      return role == null ? Role.DETECTOR : role;
    }
  }

  /** A model could not be made ready for a class group; the registry kept what it had. */
  public record ModelActivationFailed(String classGroupKey, String modelName, String modelVersion, String reason) {}

  /** A class group's registration was removed: its new tasks go to operators. */
  public record ModelDeactivated(String classGroupKey) {}

  private static final Logger log = LoggerFactory.getLogger(ModelControl.class);
  private static final long WARM_UP_SIDE = 32;

  private final ModelRegistry registry;
  private final TritonClient models;
  private final EventJournal journal;
  private final TransactionTemplate transactions;
  private final ObjectMapper json;

  ModelControl(ModelRegistry registry, TritonClient models, EventJournal journal, TransactionTemplate transactions,
      ObjectMapper json) {
    this.registry = registry;
    this.models = models;
    this.journal = journal;
    this.transactions = transactions;
    this.json = json;
  }

  /**
   * Makes {@code model} ready on the model server, then registers it for the class group.
   *
   * @throws ModelNotReady when the server cannot serve it; nothing changed but a recorded failure
   */
  public ModelRegistration activate(String classGroupKey, ModelRef model, QualityPolicy quality, String actor) {
    prepareForActivation(classGroupKey, model, actor);
    return transactions.execute(tx -> {
      ModelRegistration registration = registry.register(classGroupKey, model, quality);
      append(classGroupKey, actor, new ModelActivated(classGroupKey, model.name(), model.version(),
          quality.samplingRate(), quality.minConfidence()));
      return registration;
    });
  }

  /**
   * Makes the classifier {@code model} ready on the model server (loaded and warmed), then registers it as the class
   * group's classifier.
   *
   * @throws ModelNotReady when the server cannot serve it; the classifier registered before keeps serving
   */
  public ClassifierRegistration activateClassifier(String classGroupKey, ModelRef model, String features,
      List<String> classes, String actor) {
    prepareForActivation(classGroupKey, model, actor);
    return transactions.execute(tx -> {
      ClassifierRegistration registration = registry.registerClassifier(classGroupKey, model, features, classes);
      append(classGroupKey, actor, new ModelActivated(classGroupKey, model.name(), model.version(), 0, 0,
          Role.CLASSIFIER, features, classes));
      return registration;
    });
  }

  /** {@link #prepare}, recording ModelActivationFailed when the server cannot serve the model. */
  private void prepareForActivation(String classGroupKey, ModelRef model, String actor) {
    try {
      prepare(model);
    } catch (ModelNotReady notReady) {
      append(classGroupKey, actor, new ModelActivationFailed(classGroupKey, model.name(), model.version(),
          notReady.getMessage()));
      throw notReady;
    }
  }

  /** Removes the class group's registration; false when it had none. */
  public boolean deactivate(String classGroupKey, String actor) {
    return Boolean.TRUE.equals(transactions.execute(tx -> {
      if (!registry.unregister(classGroupKey)) {
        return false;
      }
      append(classGroupKey, actor, new ModelDeactivated(classGroupKey));
      return true;
    }));
  }

  /**
   * Loads the model unless the server already serves its version, then warms it with inferences of zeros in the
   * shape its configuration's {@code model_warmup} declares (Triton's own warm-up samples), or, for a model that
   * declares none, in the shape of its metadata with each variable dimension {@value #WARM_UP_SIDE}.
   * Loading reloads the model's repository folder, so a new version folder is picked up (and, under a "latest"
   * version policy, replaces the old one); a failed load keeps the old version serving.
   */
  public void prepare(ModelRef model) {
    try {
      if (!models.modelReady(model.name(), model.version())) {
        log.info("loading model {}/{} on the model server", model.name(), model.version());
        models.loadModel(model.name());
      }
      if (!models.modelReady(model.name(), model.version())) {
        throw new ModelNotReady("model " + model.name() + " version " + model.version()
            + " is not ready on the model server after loading it (versions served: "
            + models.modelMetadata(model.name()).versions() + ")");
      }
      ModelConfig config = models.modelConfig(model.name());
      if (config.getModelWarmupCount() > 0) {
        config.getModelWarmupList().forEach(warmUp -> warmUp(model, config, warmUp));
      } else {
        warmUp(model, models.modelMetadata(model.name()));
      }
    } catch (InferenceException e) {
      throw new ModelNotReady("model " + model.name() + " version " + model.version() + " cannot be served: "
          + e.getMessage(), e);
    }
  }

  private void warmUp(ModelRef model, ModelConfig config, ModelWarmup warmUp) {
    List<InferTensor> inputs = new ArrayList<>();
    for (var input : warmUp.getInputsMap().entrySet()) {
      Datatype datatype = Datatype.of(input.getValue().getDataType());
      List<Long> shape = new ArrayList<>();
      if (config.getMaxBatchSize() > 0) {
        shape.add((long) Math.max(1, warmUp.getBatchSize()));
      }
      shape.addAll(input.getValue().getDimsList());
      long[] dimensions = shape.stream().mapToLong(Long::longValue).toArray();
      byte[] zeros = new byte[Math.toIntExact(InferTensor.elementCount(dimensions) * datatype.byteSize())];
      inputs.add(InferTensor.raw(input.getKey(), datatype, dimensions, ByteString.copyFrom(zeros)));
    }
    for (int i = 0; i < Math.max(1, warmUp.getCount()); i++) {
      models.infer(new InferRequest(model.name(), model.version(), inputs, List.of()));
    }
  }

  private void warmUp(ModelRef model, ModelMetadata metadata) {
    List<InferTensor> inputs = new ArrayList<>();
    for (ModelMetadata.TensorMetadata input : metadata.inputs()) {
      Datatype datatype = Datatype.valueOf(input.datatype());
      if (datatype == Datatype.BYTES) {
        return;
      }
      long[] shape = new long[input.shape().size()];
      for (int i = 0; i < shape.length; i++) {
        long dimension = input.shape().get(i);
        shape[i] = dimension >= 0 ? dimension : (i == 0 ? 1 : WARM_UP_SIDE);
      }
      byte[] zeros = new byte[Math.toIntExact(InferTensor.elementCount(shape) * datatype.byteSize())];
      inputs.add(InferTensor.raw(input.name(), datatype, shape, ByteString.copyFrom(zeros)));
    }
    models.infer(new InferRequest(model.name(), model.version(), inputs, List.of()));
  }

  /**
   * Appends {@code event} to the class group's model stream ({@code model-<classGroupKey>}), stored under its simple
   * class name at schema version 1: the registry's changes and the training runs' facts share that stream.
   */
  public void append(String classGroupKey, String actor, Record event) {
    try {
      String cause = UUID.randomUUID().toString();
      journal.append("model-" + classGroupKey, ExpectedVersion.ANY, List.of(new NewEvent(UUID.randomUUID(),
          event.getClass().getSimpleName(), 1, Instant.now(), json.writeValueAsString(event),
          new EventMetadata(classGroupKey, cause, actor))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + event, e);
    }
  }
}
