package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory made ready before anything uses it, or a sentence saying why not. */
class DataDirectoryTests {
  @TempDir Path work;

  @Test
  void aMissingDataDirectoryIsMadeForItsOwnerOnlyWithItsRunsAndNoProbeLeft() throws Exception {
    Path dataDir = work.resolve("a/b/data");

    DataDirectory.prepare(dataDir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
    assertThat(dataDir.resolve("runs")).isDirectory();
    assertThat(dataDir).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("runs"));
    assertThat(dataDir.resolve("runs")).isEmptyDirectory();
  }

  @Test
  void aFileWhereTheDataDirectoryShouldBeIsNamed() throws Exception {
    Path dataDir = Files.writeString(work.resolve("data"), "x");

    assertThatThrownBy(() -> DataDirectory.prepare(dataDir))
        .isInstanceOf(CannotStartException.class)
        .hasMessage(
            "Pushbutton cannot start: the data directory "
                + dataDir
                + " cannot be created (a file of that name is in the way).");
  }

  @Test
  void aFileWhereTheRunsDirectoryShouldBeIsNamed() throws Exception {
    Path dataDir = Files.createDirectory(work.resolve("data"));
    Path runs = Files.writeString(dataDir.resolve("runs"), "x");

    assertThatThrownBy(() -> DataDirectory.prepare(dataDir))
        .hasMessage(
            "Pushbutton cannot start: the run output directory "
                + runs
                + " cannot be created (a file of that name is in the way).");
  }
}
