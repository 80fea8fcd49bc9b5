package dev.loupe.readmodels.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The exports stream: a JVM with a 256 MB heap exports a dataset whose COCO JSON is larger than that heap, as COCO
 * and as YOLO.
 */
class ExportMemoryTest {

  private static final long HEAP = 256L * 1024 * 1024;

  @Test
  void shouldExportADatasetLargerThanTheHeapFromAJvmWithXmx256m() throws Exception {
    Process export = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), LargeExport.class.getName())
        .redirectErrorStream(true)
        .start();
    boolean ended = export.waitFor(5, TimeUnit.MINUTES);
    String output = new String(export.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(ended).isTrue();
    assertThat(export.exitValue()).as(output).isZero();
    String[] words = output.strip().split(" ");
    assertThat(Long.parseLong(words[1])).as("COCO bytes").isGreaterThan(HEAP);
    assertThat(Long.parseLong(words[3])).as("YOLO bytes").isPositive();
  }
}
