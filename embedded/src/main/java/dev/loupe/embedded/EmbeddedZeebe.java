package dev.loupe.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.process.test.engine.RocksDbEngineFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.util.FileSystemUtils;

/**
 * Zeebe's real engine in-process with its gRPC gateway (zeebe-process-test's engine), its state in RocksDB under
 * {@code <data-dir>/zeebe-state} ({@link RocksDbEngineFactory}, ADR 0033). Its log is in memory, so a restart of
 * Loupe forgets every process instance: the state directory is wiped at each start and stop, and the recovery of
 * unfinished tasks from the journal is turned on ({@code loupe.recovery.enabled}).
 */
final class EmbeddedZeebe implements EmbeddedServer {

  /** Where the engine keeps its state ({@code loupe.embedded.zeebe.state}). */
  enum StateStore {
    /** RocksDB, as in a Zeebe broker: the default. */
    ROCKSDB,
    /**
     * zeebe-process-test's in-memory database, whose every iteration copies all of it: kept so that the end-to-end
     * benchmark can show the difference in one run.
     */
    MEMORY
  }

  private final int port;
  private final Path stateDirectory;
  private final StateStore store;
  private ZeebeTestEngine engine;

  EmbeddedZeebe(int port, Path stateDirectory, StateStore store) {
    this.port = port;
    this.stateDirectory = stateDirectory;
    this.store = store;
  }

  @Override
  public String name() {
    return "Zeebe engine";
  }

  @Override
  public Map<String, String> start() {
    wipeState();
    engine = switch (store) {
      case ROCKSDB -> RocksDbEngineFactory.create(port, stateDirectory.toFile());
      case MEMORY -> EngineFactory.create(port);
    };
    engine.start();
    return Map.of(
        "camunda.client.mode", "self-managed",
        "camunda.client.grpc-address", "http://" + address(),
        "camunda.client.prefer-rest-over-grpc", "false",
        "loupe.recovery.enabled", "true");
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public List<Integer> ports() {
    return List.of(port);
  }

  @Override
  public void stop() {
    if (engine != null) {
      engine.stop();
      engine = null;
    }
    wipeState();
  }

  private void wipeState() {
    try {
      FileSystemUtils.deleteRecursively(stateDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not wipe the Zeebe engine's state in " + stateDirectory, e);
    }
  }
}
