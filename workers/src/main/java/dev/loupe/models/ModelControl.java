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

  /** The registry switched a class group to a model: loaded, warmed and ready on the model server. */
  public record ModelActivated(String classGroupKey, String modelName, String modelVersion, double samplingRate,
      double minConfidence) {}

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
    try {
      prepare(model);
    } catch (ModelNotReady notReady) {
      append(classGroupKey, actor, new ModelActivationFailed(classGroupKey, model.name(), model.version(),
          notReady.getMessage()));
      throw notReady;
    }
    return transactions.execute(tx -> {
      ModelRegistration registration = registry.register(classGroupKey, model, quality);
      append(classGroupKey, actor, new ModelActivated(classGroupKey, model.name(), model.version(),
          quality.samplingRate(), quality.minConfidence()));
      return registration;
    });
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
   * Loads the model unless the server already serves its version, then warms it with one inference of zeros.
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
      warmUp(model, models.modelMetadata(model.name()));
    } catch (InferenceException e) {
      throw new ModelNotReady("model " + model.name() + " version " + model.version() + " cannot be served: "
          + e.getMessage(), e);
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

  private void append(String classGroupKey, String actor, Record event) {
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
