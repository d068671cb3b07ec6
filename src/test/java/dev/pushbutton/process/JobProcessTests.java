package dev.pushbutton.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run's outcome is read from the exit file its wrapper writes. */
class JobProcessTests {
  @TempDir Path runDirectory;

  @Test
  void anExitCodeCountsOnceItsLineIsWhole() throws IOException {
    // A live wrapper: this test's own process stands in for it.
    var process = new JobProcess("run", 1, Optional.of(ProcessHandle.current()), runDirectory);
    Path exit = DetachedWrapper.exitFile(runDirectory);

    assertThat(process.poll()).isEqualTo(ProcessExit.RUNNING);
    Files.writeString(exit, ""); // the shell has opened the file and not yet written to it
    assertThat(process.poll()).isEqualTo(ProcessExit.RUNNING);
    Files.writeString(exit, "3");
    assertThat(process.poll()).isEqualTo(ProcessExit.RUNNING);
    Files.writeString(exit, "3\n");
    assertThat(process.poll()).isEqualTo(new ProcessExit.Exited(3));
  }

  @Test
  void aWrapperThatDiedBeforeWritingItsCodeVanished() throws IOException {
    var process = new JobProcess("run", 1, Optional.empty(), runDirectory);
    Files.writeString(DetachedWrapper.exitFile(runDirectory), "");

    assertThat(process.poll()).isEqualTo(ProcessExit.VANISHED);
  }
}
