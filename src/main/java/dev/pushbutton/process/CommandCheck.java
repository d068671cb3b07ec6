package dev.pushbutton.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks before launch that the program and working directory exist, because once under the wrapper
 * a missing program would only show up as a shell's "not found" and exit code 127. The messages
 * follow the operating system's own words.
 */
final class CommandCheck {
  private static final String SHELL_DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private CommandCheck() {}

  static void verify(String program, Path workdir, Map<String, String> env)
      throws LaunchFailedException {
    if (workdir != null && !Files.isDirectory(workdir)) {
      throw new LaunchFailedException(
          "cannot start \""
              + program
              + "\": working directory "
              + workdir
              + ": No such file or directory");
    }
    Path resolved = resolve(program, workdir, env);
    if (resolved == null) {
      throw new LaunchFailedException(
          "cannot start \"" + program + "\": No such file or directory");
    }
    if (Files.isDirectory(resolved) || !Files.isExecutable(resolved)) {
      throw new LaunchFailedException("cannot start \"" + program + "\": Permission denied");
    }
  }

  private static Path resolve(String program, Path workdir, Map<String, String> env) {
    if (program.contains("/")) {
      Path path = Path.of(program);
      if (!path.isAbsolute() && workdir != null) {
        path = workdir.resolve(path);
      }
      return Files.exists(path) ? path : null;
    }
    // The process's own PATH; without one, the search path the shell that runs it falls back to.
    String searchPath = env.getOrDefault("PATH", SHELL_DEFAULT_PATH);
    Path denied = null;
    for (String dir : searchPath.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(candidate)) {
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
        denied = candidate;
      }
    }
    return denied;
  }
}
