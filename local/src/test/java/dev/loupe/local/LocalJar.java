package dev.loupe.local;

import java.nio.file.Path;
import java.util.List;

/** The command that starts the local distribution's jar as a user would, every embedded server on a free port. */
final class LocalJar {

  private LocalJar() {}

  /** {@code java -jar target/loupe-local.jar} on {@code data}, serving HTTP on {@code httpPort} (0: any free one). */
  static List<String> command(Path data, int httpPort, String adminPassword) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(java, "-Xmx768m", "-jar", Path.of("target", "loupe-local.jar").toString(),
        "--server.port=" + httpPort,
        "--loupe.data-dir=" + data,
        "--loupe.embedded.zeebe.port=0",
        "--loupe.embedded.postgres.port=0",
        "--loupe.embedded.kafka.port=0",
        "--loupe.embedded.kafka.controller-port=0",
        "--loupe.embedded.elasticsearch.port=0",
        "--loupe.embedded.elasticsearch.transport-port=0",
        "--loupe.embedded.elasticsearch.heap=384m",
        "--loupe.embedded.inference.port=0",
        "--loupe.security.admin-password=" + adminPassword);
  }
}
