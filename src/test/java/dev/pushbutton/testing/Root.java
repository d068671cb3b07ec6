package dev.pushbutton.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Commands only root may run (mounting a small disk, making a file immutable), for the tests of
 * faults inside a node. Without root they are skipped, except under {@code CI=true}, where they
 * fail: CI runs as root here, and a fault test that silently skips proves nothing.
 */
public final class Root {
  private Root() {}

  /** Runs the command; a failure to run it means this machine cannot host the test. */
  public static void run(String... command) {
    String output = exec(command);
    if (output != null) {
      unavailable(String.join(" ", command) + ": " + output);
    }
  }

  /** Runs the command, whatever it says: for cleaning up. */
  public static void quietly(String... command) {
    exec(command);
  }

  /** Null when the command succeeded, else what it printed. */
  private static String exec(String... command) {
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor() == 0
          ? null
          : output.isBlank() ? "exit " + process.exitValue() : output;
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  private static void unavailable(String why) {
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("this test needs root (mount, chattr), and CI must run it: " + why);
    }
    Assumptions.abort("needs root: " + why);
  }
}
