package dev.loupe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The local distribution's jar, every server embedded, started with settings it refuses: it says why and exits with
 * status 1 instead of hanging on with nothing served (the embedded Zeebe engine leaves a non-daemon thread behind).
 */
class FailedStartIT {

  private static final long PATIENCE_MINUTES = 6;

  @Test
  void shouldExitWithStatusOneAndSayWhyWhenTheAdminPasswordIsTooShort() throws Exception {
    Path data = Files.createDirectories(Path.of("target", "failed-start-it", UUID.randomUUID().toString()));
    Path log = data.resolve("loupe.log");
    Process loupe = new ProcessBuilder(LocalJar.command(data, 0, "too-short"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    try {
      boolean exited = loupe.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES);

      assertThat(exited).as("Loupe still running %d minutes after a start it refused; see %s", PATIENCE_MINUTES, log)
          .isTrue();
      assertThat(loupe.exitValue()).isEqualTo(1);
      assertThat(Files.readString(log)).contains("LOUPE_ADMIN_PASSWORD (loupe.security.admin-password) is refused "
          + "for user 'admin': must be at least 12 characters");
    } finally {
      loupe.descendants().forEach(ProcessHandle::destroyForcibly);
      loupe.destroyForcibly().waitFor();
    }
  }
}
