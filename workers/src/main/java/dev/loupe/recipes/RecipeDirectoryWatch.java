package dev.loupe.recipes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deploys a recipe when a designer saves it: every {@code .bpmn} file (and {@code .form}, before the recipes
 * saved with it) created or changed in
 * {@code loupe.recipes.watch-directory} (the repository's {@code bpmn/recipes} by default, so Camunda Modeler's
 * "save" is enough in the embedded default) is validated and deployed through the {@link RecipeBook}, as
 * {@code POST /api/v1/recipes} would; a broken one is logged with every reason and changes nothing. Running
 * tasks finish on their version. Off when the directory does not exist (a container, a cluster).
 */
@Component
public class RecipeDirectoryWatch implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RecipeDirectoryWatch.class);
  /** Editors write a file in several steps: deploy once it has been quiet this long. */
  private static final Duration SETTLE = Duration.ofMillis(500);
  /** Who deploys a recipe saved in the watched directory, in the kept versions. */
  static final String DEPLOYED_BY = "recipe directory watch";

  private final RecipeBook recipes;
  private final Path directory;
  private final Counter deployed;
  private final Counter refused;
  private WatchService watcher;
  private Thread thread;

  RecipeDirectoryWatch(RecipeBook recipes, @Value("${loupe.recipes.watch-directory:}") String directory,
      MeterRegistry meters) {
    this.recipes = recipes;
    this.directory = directory.isBlank() ? null : Path.of(directory).toAbsolutePath();
    this.deployed = Counter.builder("loupe.recipes.watch").tag("outcome", "deployed")
        .description("recipes saved in the watched directory, by outcome").register(meters);
    this.refused = Counter.builder("loupe.recipes.watch").tag("outcome", "refused")
        .description("recipes saved in the watched directory, by outcome").register(meters);
  }

  @Override
  public void start() {
    if (directory == null || !Files.isDirectory(directory)) {
      log.info("recipe directory watch off: {} is not a directory", directory);
      return;
    }
    try {
      watcher = FileSystems.getDefault().newWatchService();
      directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException e) {
      throw new IllegalStateException("cannot watch " + directory + " for recipes", e);
    }
    thread = new Thread(this::watch, "recipe-directory-watch");
    thread.setDaemon(true);
    thread.start();
    log.info("deploying recipes saved in {}", directory);
  }

  private void watch() {
    try {
      while (true) {
        Set<Path> changed = new LinkedHashSet<>();
        collect(watcher.take(), changed);
        for (WatchKey more = watcher.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS); more != null;
            more = watcher.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) {
          collect(more, changed);
        }
        changed.stream().filter(file -> file.toString().endsWith(".form")).forEach(this::deploy);
        changed.stream().filter(file -> file.toString().endsWith(".bpmn")).forEach(this::deploy);
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  private void collect(WatchKey key, Set<Path> changed) {
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.context() instanceof Path name
          && (name.toString().endsWith(".bpmn") || name.toString().endsWith(".form"))) {
        changed.add(directory.resolve(name));
      }
    }
    key.reset();
  }

  private void deploy(Path file) {
    String name = file.getFileName().toString();
    try {
      if (name.endsWith(".form")) {
        RecipeBook.DeployedForm form = recipes.deployForm(name, Files.readAllBytes(file));
        log.info("deployed {} saved in {}: form {} version {}", name, directory, form.formId(), form.version());
      } else {
        RecipeBook.DeployedRecipe recipe = recipes.deploy(name, Files.readAllBytes(file), DEPLOYED_BY);
        log.info("deployed {} saved in {}: {} version {}", name, directory, recipe.processId(), recipe.version());
      }
      deployed.increment();
    } catch (RecipeProblem problem) {
      refused.increment();
      log.error("recipe {} not deployed: {}", file.getFileName(), problem.getMessage());
    } catch (IOException | RuntimeException e) {
      refused.increment();
      log.error("recipe {} not deployed: {}", file.getFileName(), e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        log.warn("could not close the recipe directory watch", e);
      }
      watcher = null;
    }
  }

  @Override
  public boolean isRunning() {
    return watcher != null;
  }
}
