package dev.pushbutton.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the server's own word about a run (why it could not start) into the run's log, like any
 * output.
 */
final class Diagnostics {
  private Diagnostics() {}

  static void append(Path streamFile, String message) {
    try {
      Files.writeString(
          streamFile,
          "pushbutton: " + message + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + streamFile, e);
    }
  }
}
