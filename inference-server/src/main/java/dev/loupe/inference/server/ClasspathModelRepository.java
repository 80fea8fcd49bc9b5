package dev.loupe.inference.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model repository the triton-models artifacts carry on the classpath, copied to disk for ONNX Runtime. It
 * comes in parts — {@code dev.loupe:triton-models} holds the configs and the dictionary, its {@code onnx} jar
 * the model files — so every {@code model-repository} root on the classpath is copied into the one folder.
 */
public final class ClasspathModelRepository {

  /** Where the triton-models artifacts put the repository on the classpath. */
  public static final String RESOURCE = "model-repository";

  private ClasspathModelRepository() {}

  /** Copies the classpath's model repository into {@code target} (files already there are replaced); returns it. */
  public static Path extractTo(Path target) throws IOException {
    List<URL> locations = Collections.list(ClasspathModelRepository.class.getClassLoader().getResources(RESOURCE));
    if (locations.isEmpty()) {
      throw new IllegalStateException("no '" + RESOURCE + "' on the classpath: add the dev.loupe:triton-models "
          + "artifacts, or pass a repository directory");
    }
    for (URL location : locations) {
      copyFrom(location, target);
    }
    return target;
  }

  private static void copyFrom(URL location, Path target) throws IOException {
    try {
      URI uri = location.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copyTree(jar.getPath(RESOURCE), target);
        }
      } else {
        copyTree(Path.of(uri), target);
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unreadable classpath location " + location, e);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      paths.forEach(path -> {
        Path destination = target.resolve(source.relativize(path).toString());
        try {
          if (Files.isDirectory(path)) {
            Files.createDirectories(destination);
          } else {
            try (InputStream in = Files.newInputStream(path)) {
              Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
