package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A run's raw files keep whatever the job printed, secrets included: only the server's user may
 * read them. The job itself keeps the umask it was started with.
 */
class RunFilesTests extends ServerTest {
  @Value("${pushbutton.data-dir}")
  private Path dataDir;

  @Test
  void aRunsFilesAreTheServersUsersAloneAndTheJobKeepsItsUmask() throws Exception {
    String runId = api.start("prints-umask", Map.of());
    awaitState(runId, "succeeded");

    Path dir = dataDir.resolve("runs").resolve(runId);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    for (String file : new String[] {"stdout", "stderr", "output.idx", "exit"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
          .as(file)
          .isEqualTo("rw-------");
    }

    Process sh = new ProcessBuilder("sh", "-c", "umask").start();
    String ours = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    sh.waitFor();
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8).strip()).isEqualTo(ours);
  }
}
