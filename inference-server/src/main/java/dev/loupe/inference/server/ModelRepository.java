package dev.loupe.inference.server;

import ai.onnxruntime.OrtEnvironment;
import dev.loupe.inference.ModelIndexEntry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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
  /** The reason Triton gives a version it unloaded. */
  static final String UNLOADED = "unloaded";

  private static final Logger log = LoggerFactory.getLogger(ModelRepository.class);

  private final Path root;
  private final OrtEnvironment environment;
  private final int threads;
  private final boolean dynamicBatching;
  private final Map<String, ModelState> states = new ConcurrentHashMap<>();
  private final ExecutorService loader = Executors.newSingleThreadExecutor(NativeThreads.factory("model-loader"));

  /**
   * What the repository knows of a model once a load or unload named it, as Triton's model life cycle keeps it: what
   * serves it (if anything), the state and reason of every version it has tried to load, and the reason of a load that
   * failed before any version was known. Triton never forgets a version: an unloaded one stays UNAVAILABLE "unloaded"
   * (core src/model_repository_manager/model_lifecycle.cc, the ModelDeleter's OnDestroy callback).
   */
  private record ModelState(ServedModel served, SortedMap<Long, VersionState> versions, String reason) {}

  /** A version's state (READY or UNAVAILABLE) and the reason for it, empty when READY. */
  private record VersionState(String state, String reason) {}

  /** The served model and the version a request resolved to. */
  record Resolved(ServedModel model, long version) {}

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

  /** Loads, or reloads, a model; throws NOT_FOUND when the repository lacks it, INVALID_ARGUMENT when it fails to load. */
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
      // Triton answers every failed load INVALID_ARGUMENT, whatever failed: ModelLifeCycle::OnLoadFinal completes it with
      // Status::Code::INVALID_ARG and the versions' reasons (core src/model_repository_manager/model_lifecycle.cc)
      throw failedLoad(name, cause instanceof Exception exception ? exception : e);
    }
    ModelState previous = states.get(name);
    // versions served before and not now were released: Triton's OnLoadFinal unloads them, they stay in its map
    SortedMap<Long, VersionState> versions = released(previous);
    loaded.versions().forEach(version -> versions.put(version, new VersionState(READY, "")));
    states.put(name, new ModelState(loaded, versions, ""));
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
    ModelState previous = states.get(name);
    if (previous == null) {
      // no load named it: there is nothing to unload, and nothing to remember
      return;
    }
    states.put(name, new ModelState(null, released(previous), previous.reason()));
    if (previous.served() != null) {
      previous.served().close();
      log.info("Unloaded model {}", name);
    }
  }

  /**
   * The model and version a request names, as Triton's {@code ModelLifeCycle::GetModel} (core
   * src/model_repository_manager/model_lifecycle.cc) resolves them, with the "Request for unknown model: " prefix of
   * {@code ModelRepositoryManager::GetModel}: NOT_FOUND for a model no load named (never loaded in explicit mode), for a
   * version it never tried, and for "the latest" when no version is ready; UNAVAILABLE for a version it knows that is
   * not ready (unloaded, or failed to load). A version that is not an integer ≥ 0 is INVALID_ARGUMENT, as the server's
   * {@code GetModelVersionFromString} (server src/common.cc) refuses it before any lookup.
   */
  Resolved resolve(String name, String requestedVersion) {
    long version = parseVersion(requestedVersion);
    ModelState state = states.get(name);
    if (state == null) {
      throw unknownModel(Status.NOT_FOUND, "'" + name + "' is not found");
    }
    ServedModel served = state.served();
    if (version < 0) {
      if (served == null) {
        throw unknownModel(Status.NOT_FOUND, "'" + name + "' has no available versions");
      }
      return new Resolved(served, served.versions().stream().mapToLong(Long::longValue).max().orElseThrow());
    }
    VersionState versionState = state.versions().get(version);
    if (versionState == null) {
      throw unknownModel(Status.NOT_FOUND, "'" + name + "' version " + version + " is not found");
    }
    if (served == null || !READY.equals(versionState.state()) || !served.versions().contains(version)) {
      throw unknownModel(Status.UNAVAILABLE, "'" + name + "' version " + version + " is not at ready state");
    }
    return new Resolved(served, version);
  }

  /** The loaded model, for statistics and batching figures; NOT_FOUND or UNAVAILABLE as {@link #resolve}. */
  ServedModel servable(String name) {
    return resolve(name, "").model();
  }

  /**
   * Whether the model serves {@code version} (empty: its latest). Triton's {@code InferenceServer::ModelIsReady} (core
   * src/server.cc) answers false, never an error, for a model or version it cannot resolve; a malformed version is
   * INVALID_ARGUMENT all the same.
   */
  boolean isReady(String name, String version) {
    parseVersion(version);
    try {
      resolve(name, version);
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  /** Every loaded model with the versions it serves, by name. */
  Map<String, ServedModel> loaded() {
    Map<String, ServedModel> loaded = new TreeMap<>();
    states.forEach((name, state) -> {
      if (state.served() != null) {
        loaded.put(name, state.served());
      }
    });
    return loaded;
  }

  /**
   * The repository's index as Triton's {@code ModelRepositoryManager::RepositoryIndex} (core
   * src/model_repository_manager/model_repository_manager.cc) builds it: one entry per model folder; a model no load
   * named has only its name; otherwise one entry per version it knows, READY or UNAVAILABLE with the reason
   * ("unloaded" after an unload). {@code readyOnly} keeps the READY versions. A model whose load failed before any
   * version was known is one UNAVAILABLE entry with the failure as its reason.
   */
  List<ModelIndexEntry> index(boolean readyOnly) {
    List<ModelIndexEntry> entries = new ArrayList<>();
    for (String name : modelNames()) {
      ModelState state = states.get(name);
      if (state == null) {
        if (!readyOnly) {
          entries.add(new ModelIndexEntry(name, "", "", ""));
        }
      } else if (state.versions().isEmpty()) {
        if (!readyOnly) {
          entries.add(new ModelIndexEntry(name, "", UNAVAILABLE, state.reason()));
        }
      } else {
        state.versions().forEach((version, versionState) -> {
          if (!readyOnly || READY.equals(versionState.state())) {
            entries.add(new ModelIndexEntry(name, Long.toString(version), versionState.state(), versionState.reason()));
          }
        });
      }
    }
    return entries;
  }

  /** The versions {@code previous} knew, those that were READY now UNAVAILABLE "unloaded". */
  private static SortedMap<Long, VersionState> released(ModelState previous) {
    SortedMap<Long, VersionState> versions = new TreeMap<>();
    if (previous != null) {
      previous.versions().forEach((version, state) -> versions.put(version,
          READY.equals(state.state()) ? new VersionState(UNAVAILABLE, UNLOADED) : state));
    }
    return versions;
  }

  private static long parseVersion(String requestedVersion) {
    if (requestedVersion.isEmpty()) {
      return -1;
    }
    try {
      long version = Long.parseLong(requestedVersion);
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // refused below with Triton's wording
    }
    throw Status.INVALID_ARGUMENT.withDescription("failed to get model version from specified version string '"
        + requestedVersion + "', version should be an integral value > 0").asRuntimeException();
  }

  private static StatusRuntimeException unknownModel(Status status, String detail) {
    return status.withDescription("Request for unknown model: " + detail).asRuntimeException();
  }

  /** Unloads every model. */
  @Override
  public synchronized void close() {
    states.values().stream().filter(state -> state.served() != null).forEach(state -> state.served().close());
    states.clear();
    loader.shutdownNow();
  }

  private StatusRuntimeException failedLoad(String name, Exception cause) {
    String reason = cause.getMessage();
    ModelState previous = states.get(name);
    if (previous == null || previous.served() == null) {
      // the versions it knew stay UNAVAILABLE, now for this reason, as Triton's CreateModel records a failed load
      SortedMap<Long, VersionState> versions = new TreeMap<>();
      if (previous != null) {
        previous.versions().keySet().forEach(version -> versions.put(version, new VersionState(UNAVAILABLE, reason)));
      }
      states.put(name, new ModelState(null, versions, reason));
    }
    log.warn("Failed to load model {}{}: {}", name,
        previous != null && previous.served() != null ? " (its previous versions keep serving)" : "", reason);
    return Status.INVALID_ARGUMENT.withDescription("failed to load '" + name + "': " + reason).withCause(cause)
        .asRuntimeException();
  }
}
