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
import java.util.Map;
import java.util.stream.Stream;

/** The model repository the triton-models artifact carries on the classpath, copied to disk for ONNX Runtime. */
public final class ClasspathModelRepository {

  /** Where the triton-models artifact puts the repository on the classpath. */
  public static final String RESOURCE = "model-repository";

  private ClasspathModelRepository() {}

  /** Copies the classpath's model repository into {@code target} (files already there are replaced); returns it. */
  public static Path extractTo(Path target) throws IOException {
    URL location = ClasspathModelRepository.class.getClassLoader().getResource(RESOURCE);
    if (location == null) {
      throw new IllegalStateException("no '" + RESOURCE + "' on the classpath: add the dev.loupe:triton-models "
          + "artifact, or pass a repository directory");
    }
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
    return target;
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
