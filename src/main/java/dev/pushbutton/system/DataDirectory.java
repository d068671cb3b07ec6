package dev.pushbutton.system;

import dev.pushbutton.output.IoReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes the data directory and its {@code runs} directory ready before anything uses them: created
 * when missing, and proved writable by writing a file in each. Everything else may then take them
 * as given.
 */
final class DataDirectory {
  /** Where every run's output lives, under the data directory. */
  static final String RUNS = "runs";

  // Only its owner may read it: the database holds signed-in sessions and password hashes, and the
  // logs whatever the jobs printed.
  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private static final String ACTION =
      "Give the user Pushbutton runs as a directory it can write, or set pushbutton.data-dir to"
          + " one.";

  private DataDirectory() {}

  /**
   * @throws CannotStartException naming the directory that cannot be created or written, and why
   */
  static void prepare(Path dataDir) {
    Path dir = dataDir.toAbsolutePath();
    makeWritable(dir, "the data directory " + dir);
    makeWritable(dir.resolve(RUNS), "the run output directory " + dir.resolve(RUNS));
  }

  private static void makeWritable(Path dir, String name) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, OWNER_ONLY);
      }
    } catch (IOException e) {
      throw new CannotStartException(
          name + " cannot be created (" + whyNotCreated(dir, e) + ")", ACTION);
    }
    try {
      writeAProbe(dir);
    } catch (IOException e) {
      throw new CannotStartException(name + " is not writable (" + IoReason.of(e) + ")", ACTION);
    }
  }

  /**
   * Writing a file is the only honest test. Files.isWritable asks access(2), which answers from
   * mode bits and mount flags: for root it says yes whatever the modes, which an NFS server that
   * squashes root does not honour, and it cannot see a full disk, a quota or a security module's
   * refusal.
   */
  private static void writeAProbe(Path dir) throws IOException {
    // A random name: another server starting on the same directory may be probing too.
    Path probe = Files.createTempFile(dir, ".write-check-", ".tmp");
    try {
      // Some bytes, not an empty file: an empty file needs no free block, so a full disk takes it.
      Files.writeString(
          probe, "Pushbutton checks that it can write here.\n", StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /** The error says "Not a directory" for /x/y when /x is a file: name the file in the way. */
  private static String whyNotCreated(Path dir, IOException e) {
    for (Path ancestor = dir.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      if (Files.exists(ancestor)) {
        return Files.isDirectory(ancestor) ? IoReason.of(e) : "not a directory: " + ancestor;
      }
    }
    return IoReason.of(e);
  }
}
