package dev.pushbutton.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one run's process.
 *
 * @param runId given to every process of the run as {@value ProcessTree#RUN_ID_VARIABLE}, which is
 *     how a process is recognised as the run's even after its parent is gone
 * @param env the run's own variables, on top of what the launcher passes on from the server's
 *     environment ({@link InheritedEnvironment}), which is all of it the process sees
 * @param workdir where the process starts; null for the server's working directory
 * @param runDirectory where the wrapper records the exit code
 */
public record JobLaunch(
    String runId,
    List<String> argv,
    Map<String, String> env,
    Path workdir,
    boolean tty,
    Path runDirectory,
    Path stdoutFile,
    Path stderrFile) {

  public JobLaunch {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }
}
