package dev.loupe.inference.server;

import ai.onnxruntime.OrtEnvironment;
import dev.loupe.inference.ModelIndexEntry;
import dev.loupe.inference.protocol.ModelConfig;
import dev.loupe.inference.server.ModelConfigs.InvalidModelConfigException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Triton model repository on disk ({@code <model>/config.pbtxt}, {@code <model>/<version>/model.onnx}) and
 * the models loaded from it. Loading a model again swaps in the new sessions only once they all loaded; a
 * failed load leaves the previous ones serving, as Triton does.
 */
final class ModelRepository implements AutoCloseable {

  static final String READY = "READY";
  static final String UNAVAILABLE = "UNAVAILABLE";

  private static final Logger log = LoggerFactory.getLogger(ModelRepository.class);

  private final Path root;
  private final OrtEnvironment environment;
  private final int threads;
  private final boolean dynamicBatching;
  private final Map<String, ModelState> states = new ConcurrentHashMap<>();
  private final ExecutorService loader = Executors.newSingleThreadExecutor(NativeThreads.factory("model-loader"));

  /** What the repository knows of a model: what serves it (if anything), its state and the reason for it. */
  private record ModelState(ServedModel served, String state, String reason) {}

  /**
   * A repository at {@code root} whose sessions use {@code threads} intra-op threads each; {@code dynamicBatching}
   * false serves every model unbatched, whatever its configuration says.
   */
  ModelRepository(Path root, int threads, boolean dynamicBatching) {
    this.root = root;
    this.threads = threads;
    this.dynamicBatching = dynamicBatching;
    try {
      this.environment = loader.submit(() -> OrtEnvironment.getEnvironment()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting ONNX Runtime", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("ONNX Runtime did not start", e.getCause());
    }
  }

  /** The names of the models in the repository: the folders holding a config.pbtxt. */
  List<String> modelNames() {
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(child -> Files.isRegularFile(child.resolve(ModelConfigs.FILE_NAME)))
          .map(child -> child.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the model repository " + root, e);
    }
  }

  /** Loads, or reloads, a model; throws NOT_FOUND, INVALID_ARGUMENT or INTERNAL when it cannot be served. */
  synchronized void load(String name) {
    if (!modelNames().contains(name)) {
      throw Status.NOT_FOUND
          .withDescription("failed to load '" + name + "': no model directory with a config.pbtxt in " + root)
          .asRuntimeException();
    }
    long start = System.nanoTime();
    ServedModel loaded;
    try {
      Path directory = root.resolve(name);
      loaded = loader.submit(() -> ServedModel.load(environment, directory, ModelConfigs.read(directory), threads,
          dynamicBatching)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("loading '" + name + "' was interrupted").asRuntimeException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw failedLoad(name, cause instanceof InvalidModelConfigException ? Status.INVALID_ARGUMENT : Status.INTERNAL,
          cause instanceof Exception exception ? exception : e);
    }
    ModelState previous = states.put(name, new ModelState(loaded, READY, ""));
    if (previous != null && previous.served() != null) {
      previous.served().close();
    }
    log.info("Loaded model {} versions {} in {} ms", name, loaded.versions(), (System.nanoTime() - start) / 1_000_000);
  }

  /** Unloads a model; its inferences in flight finish first. */
  synchronized void unload(String name) {
    if (!modelNames().contains(name) && !states.containsKey(name)) {
      throw Status.NOT_FOUND.withDescription("failed to unload '" + name + "': unknown model").asRuntimeException();
    }
    ModelState previous = states.put(name, new ModelState(null, UNAVAILABLE, "unloaded"));
    if (previous != null && previous.served() != null) {
      previous.served().close();
      log.info("Unloaded model {}", name);
    }
  }

  /** The loaded model; NOT_FOUND when the repository lacks it, UNAVAILABLE when it is not loaded. */
  ServedModel servable(String name) {
    ModelState state = states.get(name);
    if (state != null && state.served() != null) {
      return state.served();
    }
    if (!modelNames().contains(name)) {
      // never loaded, or unloaded and its folder since removed from the repository
      throw Status.NOT_FOUND.withDescription("Request for unknown model: '" + name + "' is not found")
          .asRuntimeException();
    }
    throw Status.UNAVAILABLE.withDescription("Request for unknown model: '" + name + "' has no available versions")
        .asRuntimeException();
  }

  /** Whether the model is loaded and serves {@code version} (empty: any version). */
  boolean isReady(String name, String version) {
    ModelState state = states.get(name);
    return state != null && state.served() != null && state.served().resolve(version).isPresent();
  }

  /** The repository's index: one entry per served version, or one per model that serves none. */
  List<ModelIndexEntry> index(boolean readyOnly) {
    List<ModelIndexEntry> entries = new ArrayList<>();
    List<String> names = new ArrayList<>(modelNames());
    states.keySet().stream().filter(name -> !names.contains(name)).forEach(names::add);
    for (String name : names.stream().sorted().toList()) {
      ModelState state = states.get(name);
      if (state != null && state.served() != null) {
        state.served().versions().forEach(version ->
            entries.add(new ModelIndexEntry(name, Long.toString(version), READY, "")));
      } else if (!readyOnly) {
        entries.add(new ModelIndexEntry(name, "", state == null ? "" : state.state(), state == null ? "" : state.reason()));
      }
    }
    return entries;
  }

  /** Unloads every model. */
  @Override
  public synchronized void close() {
    states.values().stream().filter(state -> state.served() != null).forEach(state -> state.served().close());
    states.clear();
    loader.shutdownNow();
  }

  private StatusRuntimeException failedLoad(String name, Status status, Exception cause) {
    String reason = cause.getMessage();
    ModelState previous = states.get(name);
    if (previous == null || previous.served() == null) {
      states.put(name, new ModelState(null, UNAVAILABLE, reason));
    }
    log.warn("Failed to load model {}{}: {}", name,
        previous != null && previous.served() != null ? " (its previous versions keep serving)" : "", reason);
    return status.withDescription("failed to load '" + name + "': " + reason).withCause(cause).asRuntimeException();
  }

  /** The configuration of a loaded model. */
  ModelConfig config(String name) {
    return servable(name).config();
  }
}
