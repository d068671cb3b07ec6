package dev.pushbutton.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for live processes the way {@code ps} would, to check that a killed run left none behind.
 */
public final class Processes {
  private Processes() {}

  /**
   * Live (non-zombie) processes of one run: every process of a run inherits its PUSHBUTTON_RUN_ID.
   */
  public static List<Long> ofRun(String runId) {
    String marker = "\nPUSHBUTTON_RUN_ID=" + runId + "\n";
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> environ(pid).contains(marker) && !zombie(pid))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String environ(long pid) {
    try {
      return "\n"
          + new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")))
              .replace('\0', '\n')
          + "\n";
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return true;
    }
  }
}
