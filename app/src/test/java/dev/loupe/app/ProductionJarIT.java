package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production jar, the one app/Dockerfile ships, as repackaged by the build: the application and the clients of
 * its servers, never a server. The embedded servers and the ONNX Runtime model server belong to the local
 * distribution (local/); see ADR 0015.
 */
class ProductionJarIT {

  private static final Path JAR = Path.of("target", "loupe-app.jar");
  private static final long MAX_BYTES = 150_000_000L;

  /** What only a server brings into a jar, told by the entries it adds: classes, native binaries, a distribution. */
  private static final Map<String, Predicate<String>> SERVERS = Map.ofEntries(
      Map.entry("Loupe's embedded default", name -> name.startsWith("dev/loupe/embedded/")),
      Map.entry("Loupe's ONNX Runtime model server", name -> name.startsWith("dev/loupe/inference/server/")),
      Map.entry("ONNX Runtime", name -> name.startsWith("ai/onnxruntime/")),
      Map.entry("ONNX model files", name -> name.endsWith(".onnx")),
      Map.entry("zeebe-process-test's engine", name -> name.startsWith("io/camunda/zeebe/process/test/")),
      Map.entry("RocksDB (the Zeebe engine's state)", name -> name.startsWith("org/rocksdb/")),
      Map.entry("zonky's embedded PostgreSQL", name -> name.startsWith("io/zonky/test/db/postgres/")),
      Map.entry("zonky's PostgreSQL binaries", name -> name.startsWith("postgres-") && name.endsWith(".txz")),
      Map.entry("the Kafka broker",
          name -> name.startsWith("kafka/server/") || name.startsWith("org/apache/kafka/raft/")),
      Map.entry("the Elasticsearch distribution", name -> name.endsWith("elasticsearch.zip")));

  /** Every file of the jar and of its nested libraries, with the jar it is in (an empty folder carries nothing). */
  private static List<Entry> entries;

  record Entry(String jar, String name) {}

  @BeforeAll
  static void readJar() throws IOException {
    assertThat(JAR).as("the repackaged jar (the failsafe run follows the package phase)").exists();
    entries = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Enumeration<JarEntry> all = jar.entries();
      while (all.hasMoreElements()) {
        JarEntry entry = all.nextElement();
        if (!entry.isDirectory()) {
          entries.add(new Entry(JAR.getFileName().toString(), entry.getName()));
        }
        if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
          addNested(entry.getName(), jar.getInputStream(entry));
        }
      }
    }
  }

  private static void addNested(String library, InputStream content) throws IOException {
    try (JarInputStream nested = new JarInputStream(content)) {
      for (JarEntry entry = nested.getNextJarEntry(); entry != null; entry = nested.getNextJarEntry()) {
        if (!entry.isDirectory()) {
          entries.add(new Entry(library, entry.getName()));
        }
      }
    }
  }

  @Test
  void shouldCarryNoServer() {
    // when
    Map<String, TreeSet<String>> found = new TreeMap<>();
    SERVERS.forEach((server, entryOf) -> entries.stream()
        .filter(entry -> entryOf.test(entry.name()))
        .forEach(entry -> found.computeIfAbsent(server, any -> new TreeSet<>()).add(entry.jar())));

    // then
    assertThat(found).as("servers in %s, with the jars that bring them", JAR).isEmpty();
  }

  @Test
  void shouldCarryTheApplicationAndTheClientsOfItsServers() {
    assertThat(entries).extracting(Entry::name).contains(
        "BOOT-INF/classes/dev/loupe/app/LoupeApplication.class",
        "org/apache/kafka/clients/producer/KafkaProducer.class",
        "co/elastic/clients/elasticsearch/ElasticsearchClient.class",
        "io/camunda/client/CamundaClient.class",
        "dev/loupe/inference/TritonClient.class",
        "model-repository/text_recognition/ppocr_keys_v1.txt");
  }

  @Test
  void shouldStayUnder150Megabytes() throws IOException {
    assertThat(Files.size(JAR)).as("bytes of %s", JAR).isLessThanOrEqualTo(MAX_BYTES);
  }
}
