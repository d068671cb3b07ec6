package dev.pushbutton.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Starts a run's process under the detached wrapper, or finds it again after a restart. */
public final class ProcessLauncher {
  private static final File DEV_NULL = new File("/dev/null");

  /**
   * Where processes are started: platform threads, never the caller's virtual one. The JDK starts a
   * process in native code that waits until the new program runs, several milliseconds, and a
   * virtual thread in native code holds its carrier: on a two-core machine two runs starting at
   * once stopped every request and stream in the server for as long.
   */
  private static final ExecutorService SPAWNING =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("pushbutton-spawn-", 0).daemon().factory());

  private final InheritedEnvironment inherited;

  /** A launcher whose jobs inherit only the allowlist of the server's environment. */
  public ProcessLauncher() {
    this(InheritedEnvironment.ofServer(List.of()));
  }

  /**
   * @param inherited what every job takes from the server's environment; nothing else of it
   */
  public ProcessLauncher(InheritedEnvironment inherited) {
    this.inherited = inherited;
  }

  /**
   * Starts the process and returns as soon as it exists; it does not wait for the command.
   *
   * @throws LaunchFailedException when the command or its working directory cannot be used; the
   *     message gives the operating system's reason
   */
  public JobProcess launch(JobLaunch launch) throws LaunchFailedException {
    Map<String, String> env = environment(launch);
    CommandCheck.verify(launch.argv().get(0), launch.workdir(), env);
    var builder = new ProcessBuilder(DetachedWrapper.command(launch));
    if (launch.workdir() != null) {
      builder.directory(launch.workdir().toFile());
    }
    builder.environment().clear(); // the server's own environment is not the job's
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(launch.stdoutFile().toFile()));
    builder.redirectError(ProcessBuilder.Redirect.appendTo(launch.stderrFile().toFile()));
    try {
      Process process = spawn(builder);
      return new JobProcess(
          launch.runId(), process.pid(), Optional.of(process.toHandle()), launch.runDirectory());
    } catch (IOException e) {
      throw new LaunchFailedException(
          "cannot start \"" + launch.argv().get(0) + "\": " + e.getMessage());
    }
  }

  /**
   * {@code builder.start()} on a platform thread, the caller waiting without holding a carrier. An
   * interrupt does not abandon the start (the process may exist a moment later): it waits the few
   * milliseconds out and is passed on.
   */
  private static Process spawn(ProcessBuilder builder) throws IOException {
    Future<Process> started = SPAWNING.submit(builder::start);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return started.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IOException(e.getCause().toString(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The whole environment of the run's process: the inherited allowlist, then the launch's own
   * variables, then the run's id, which nothing may override since killing the run relies on it.
   */
  Map<String, String> environment(JobLaunch launch) {
    var env = new LinkedHashMap<>(inherited.variables());
    env.putAll(launch.env());
    env.put(ProcessTree.RUN_ID_VARIABLE, launch.runId());
    return env;
  }

  /**
   * The process of a run started before this server did. A process id may have been reused since,
   * so the process only counts as the run's wrapper when its command line names the run's
   * directory.
   */
  public JobProcess reattach(String runId, Long pid, Path runDirectory) {
    if (pid == null) {
      // The server died between starting the process and recording its id: look for it by its
      // command line.
      Optional<ProcessHandle> found =
          ProcessHandle.allProcesses().filter(p -> isWrapperOf(p.pid(), runDirectory)).findFirst();
      return new JobProcess(runId, found.map(ProcessHandle::pid).orElse(-1L), found, runDirectory);
    }
    Optional<ProcessHandle> wrapper =
        ProcessHandle.of(pid).filter(p -> isWrapperOf(pid, runDirectory));
    return new JobProcess(runId, pid, wrapper, runDirectory);
  }

  private static boolean isWrapperOf(long pid, Path runDirectory) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String cmdline = new String(raw, StandardCharsets.UTF_8);
      return cmdline.contains(
          DetachedWrapper.PROCESS_NAME + "\0" + runDirectory.toAbsolutePath() + "\0");
    } catch (IOException e) {
      return false;
    }
  }
}
