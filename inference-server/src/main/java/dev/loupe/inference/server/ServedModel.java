package dev.loupe.inference.server;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.loupe.inference.Datatype;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.protocol.ModelVersionPolicy;
import dev.loupe.inference.server.ModelConfigs.InvalidModelConfigException;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * A loaded model: its configuration, one ONNX Runtime session per served version and, when the configuration
 * asks for {@code dynamic_batching} (and the server allows it), one {@link DynamicBatcher} per version. A version
 * runs at most as many executions at once as the config's {@code instance_group} has instances
 * ({@link ModelConfigs#instanceCount}); further requests queue, first come first served, as Triton's scheduler
 * queues them for a free instance. Runs share a read lock, so {@link #close()} waits for inferences in flight
 * before it frees the native sessions.
 */
final class ServedModel implements AutoCloseable {

  /** ONNX Runtime's session setting for intra-op threads that spin-wait for work; off on the embedded server. */
  static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

  private final ModelConfig config;
  private final OrtEnvironment environment;
  private final NavigableMap<Long, OrtSession> sessions;
  private final Map<Long, DynamicBatcher> batchers = new HashMap<>();
  private final Map<Long, Semaphore> instances = new HashMap<>();
  private final Map<Long, VersionStatistics> statistics = new TreeMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private ServedModel(ModelConfig config, OrtEnvironment environment, NavigableMap<Long, OrtSession> sessions,
      boolean dynamicBatching) {
    this.config = config;
    this.environment = environment;
    this.sessions = Collections.unmodifiableNavigableMap(sessions);
    boolean batches = dynamicBatching && config.hasDynamicBatching() && config.getMaxBatchSize() > 1
        && config.getInputList().stream().noneMatch(input -> Datatype.of(input.getDataType()) == Datatype.BYTES);
    int instanceCount = ModelConfigs.instanceCount(config);
    for (long version : sessions.keySet()) {
      statistics.put(version, new VersionStatistics(config.getName(), version));
      if (batches) {
        batchers.put(version, new DynamicBatcher(config.getName() + "-" + version,
            (inputs, outputs, queued) -> execute(version, inputs, outputs, queued), config.getMaxBatchSize(),
            config.getDynamicBatching().getMaxQueueDelayMicroseconds(), instanceCount));
      } else {
        instances.put(version, new Semaphore(instanceCount, true));
      }
    }
  }

  /**
   * Loads the versions the configuration's version policy selects, checking each session against the config;
   * {@code dynamicBatching} false ignores the configuration's {@code dynamic_batching}.
   */
  static ServedModel load(OrtEnvironment environment, Path modelDirectory, ModelConfig config, int threads,
      boolean dynamicBatching) throws IOException, OrtException {
    List<Long> versions = servedVersions(modelDirectory, config);
    NavigableMap<Long, OrtSession> sessions = new TreeMap<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // ONNX Runtime's intra-op threads spin between parallel sections by default. Here they share the cores with
      // the rest of Loupe's embedded stack, and spinning cost 100-200 ms of CPU per detector image (ADR 0014).
      options.addConfigEntry(ALLOW_SPINNING, "0");
      for (long version : versions) {
        Path file = modelDirectory.resolve(Long.toString(version)).resolve(ModelConfigs.modelFilename(config));
        OrtSession session = environment.createSession(file.toString(), options);
        sessions.put(version, session);
        checkAgainstConfig(session, config);
      }
    } catch (OrtException | RuntimeException e) {
      closeAll(sessions.values());
      throw e;
    }
    return new ServedModel(config, environment, sessions, dynamicBatching);
  }

  /** The model's configuration. */
  ModelConfig config() {
    return config;
  }

  /** The served versions, lowest first. */
  Set<Long> versions() {
    return sessions.keySet();
  }

  /** Runs {@code version} on the inputs, through its dynamic batcher when it has one; returns the requested outputs. */
  Map<String, RawTensor> infer(long version, Map<String, RawTensor> inputs, Set<String> outputs) {
    DynamicBatcher batcher = batchers.get(version);
    if (batcher == null) {
      Semaphore free = instances.get(version);
      long arrived = System.nanoTime();
      try {
        free.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("interrupted while waiting for a free instance of '"
            + config.getName() + "'").asRuntimeException();
      }
      try {
        return execute(version, inputs, outputs, new long[] {System.nanoTime() - arrived});
      } finally {
        free.release();
      }
    }
    try {
      return batcher.submit(inputs, outputs).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** What {@code version} did since it loaded. */
  VersionStatistics statistics(long version) {
    return statistics.get(version);
  }

  /** How the dynamic batchers of every version served their requests; zero counts when the model does not batch. */
  BatchingStats batchingStats() {
    return batchers.values().stream().map(DynamicBatcher::stats)
        .reduce(new BatchingStats(0, 0), (a, b) -> new BatchingStats(a.inferences() + b.inferences(),
            a.executions() + b.executions()));
  }

  /**
   * Runs the session once for the requests that waited {@code queuedNanos} each, and counts the execution in the
   * version's statistics when it succeeds.
   */
  private Map<String, RawTensor> execute(long version, Map<String, RawTensor> inputs, Set<String> outputs,
      long[] queuedNanos) {
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    lock.readLock().lock();
    try {
      if (closed) {
        // unloaded while the request waited for an instance: the version is no longer at ready state (Triton lets the
        // requests it accepted finish before it unloads; the embedded server refuses those still waiting)
        throw Status.UNAVAILABLE.withDescription("Request for unknown model: '" + config.getName() + "' version "
            + version + " is not at ready state").asRuntimeException();
      }
      long start = System.nanoTime();
      for (Map.Entry<String, RawTensor> input : inputs.entrySet()) {
        RawTensor raw = input.getValue();
        tensors.put(input.getKey(), TensorCodec.toOnnx(environment, raw.datatype(), raw.shape(), raw.data()));
      }
      long inputDone = System.nanoTime();
      try (OrtSession.Result result = sessions.get(version).run(tensors, outputs)) {
        long inferDone = System.nanoTime();
        Map<String, RawTensor> answered = new LinkedHashMap<>();
        for (String name : outputs) {
          OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
          answered.put(name, new RawTensor(outputDatatype(name), tensor.getInfo().getShape(), TensorCodec.toRaw(tensor)));
        }
        long rows = config.getMaxBatchSize() > 0 ? inputs.values().iterator().next().batch() : 1;
        statistics.get(version).execution(rows, queuedNanos, inputDone - start, inferDone - inputDone,
            System.nanoTime() - inferDone);
        return answered;
      }
    } catch (OrtException e) {
      throw Status.INTERNAL.withDescription("onnxruntime failed on model '" + config.getName() + "': " + e.getMessage())
          .withCause(e).asRuntimeException();
    } finally {
      tensors.values().forEach(OnnxTensor::close);
      lock.readLock().unlock();
    }
  }

  private Datatype outputDatatype(String name) {
    return config.getOutputList().stream()
        .filter(output -> output.getName().equals(name))
        .map(output -> Datatype.of(output.getDataType()))
        .findFirst()
        .orElseThrow();
  }

  /** Frees the sessions once no inference runs on them any more. */
  @Override
  public void close() {
    batchers.values().forEach(DynamicBatcher::close);
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeAll(sessions.values());
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static List<Long> servedVersions(Path modelDirectory, ModelConfig config) throws IOException {
    List<Long> available = new ArrayList<>();
    try (Stream<Path> children = Files.list(modelDirectory)) {
      for (Path child : children.toList()) {
        String name = child.getFileName().toString();
        if (Files.isDirectory(child) && name.matches("[0-9]{1,18}")
            && Files.isRegularFile(child.resolve(ModelConfigs.modelFilename(config)))) {
          available.add(Long.parseLong(name));
        }
      }
    }
    Collections.sort(available);
    ModelVersionPolicy policy = config.getVersionPolicy();
    List<Long> served = switch (policy.getPolicyChoiceCase()) {
      case ALL -> available;
      case SPECIFIC -> available.stream().filter(policy.getSpecific().getVersionsList()::contains).toList();
      case LATEST, POLICYCHOICE_NOT_SET -> {
        int count = Math.max(1, policy.getLatest().getNumVersions());
        yield available.subList(Math.max(0, available.size() - count), available.size());
      }
    };
    if (served.isEmpty()) {
      throw new InvalidModelConfigException(config.getName(), "no version folder with a "
          + ModelConfigs.modelFilename(config) + " matches the version policy (found versions " + available + ")");
    }
    return served;
  }

  private static void checkAgainstConfig(OrtSession session, ModelConfig config) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    for (var input : config.getInputList()) {
      checkTensor(config, "input", input.getName(), Datatype.of(input.getDataType()), input.getDimsList(), inputs);
    }
    for (var output : config.getOutputList()) {
      Datatype datatype = Datatype.of(output.getDataType());
      if (datatype == Datatype.BYTES) {
        throw new InvalidModelConfigException(config.getName(),
            "output '" + output.getName() + "' is TYPE_STRING: string outputs are not served here");
      }
      checkTensor(config, "output", output.getName(), datatype, output.getDimsList(), outputs);
    }
    List<String> configured = config.getInputList().stream().map(input -> input.getName()).toList();
    List<String> unconfigured = inputs.keySet().stream().filter(name -> !configured.contains(name)).toList();
    if (!unconfigured.isEmpty()) {
      throw new InvalidModelConfigException(config.getName(), "the model's inputs " + unconfigured
          + " are missing from config.pbtxt");
    }
  }

  private static void checkTensor(
      ModelConfig config, String kind, String name, Datatype datatype, List<Long> dims, Map<String, NodeInfo> nodes) {
    String model = config.getName();
    NodeInfo node = nodes.get(name);
    if (node == null) {
      throw new InvalidModelConfigException(model, kind + " '" + name + "' is not in the ONNX model, which has "
          + nodes.keySet());
    }
    if (!(node.getInfo() instanceof TensorInfo tensor)) {
      throw new InvalidModelConfigException(model, kind + " '" + name + "' is not a tensor in the ONNX model");
    }
    OnnxJavaType expected = TensorCodec.onnxType(datatype).orElseThrow(() -> new InvalidModelConfigException(
        model, kind + " '" + name + "' has data type " + datatype + ", which ONNX Runtime's Java API lacks"));
    if (tensor.type != expected) {
      throw new InvalidModelConfigException(model, kind + " '" + name + "' is " + datatype
          + " in config.pbtxt but " + tensor.type + " in the ONNX model");
    }
    long[] modelShape = tensor.getShape();
    List<Long> configShape = new ArrayList<>();
    if (config.getMaxBatchSize() > 0) {
      configShape.add(-1L);
    }
    configShape.addAll(dims);
    boolean compatible = modelShape.length == configShape.size();
    for (int i = 0; compatible && i < modelShape.length; i++) {
      long configured = configShape.get(i);
      compatible = modelShape[i] < 0 || configured < 0 || modelShape[i] == configured;
    }
    if (!compatible) {
      throw new InvalidModelConfigException(model, kind + " '" + name + "' has shape " + configShape
          + " (batch dimension included) in config.pbtxt but " + Arrays.toString(modelShape) + " in the ONNX model");
    }
  }

  private static void closeAll(Iterable<OrtSession> sessions) {
    for (OrtSession session : sessions) {
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("could not free an ONNX Runtime session", e);
      }
    }
  }
}
