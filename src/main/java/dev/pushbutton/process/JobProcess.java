package dev.pushbutton.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A run's process as the server sees it, whether the server started it or found it again after a
 * restart. Its outcome is read from the wrapper's exit file, so it is the same either way.
 */
public final class JobProcess {
  private final String runId;
  private final long pid;
  private final Optional<ProcessHandle> wrapper;
  private final Path exitFile;

  JobProcess(String runId, long pid, Optional<ProcessHandle> wrapper, Path runDirectory) {
    this.runId = runId;
    this.pid = pid;
    this.wrapper = wrapper;
    this.exitFile = DetachedWrapper.exitFile(runDirectory);
  }

  /** The wrapper's process id, which is also the id of the run's session and process group. */
  public long pid() {
    return pid;
  }

  /** Whether the run's command has ended, and how. Cheap: a file check and a liveness check. */
  public ProcessExit poll() {
    Optional<ProcessExit> recorded = recordedExit();
    if (recorded.isPresent()) {
      return recorded.get();
    }
    if (wrapper.isPresent() && ProcessTree.running(wrapper.get())) {
      return ProcessExit.RUNNING;
    }
    // The wrapper writes the exit file just before it ends: look once more, it may have done so
    // meanwhile.
    return recordedExit().orElse(ProcessExit.VANISHED);
  }

  private Optional<ProcessExit> recordedExit() {
    try {
      String text = Files.readString(exitFile);
      if (!text.endsWith("\n")) {
        return Optional.empty(); // being written: the code and its newline come in one write
      }
      return Optional.of(new ProcessExit.Exited(Integer.parseInt(text.trim())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.of(ProcessExit.VANISHED);
    }
  }

  /**
   * Ends every process of the run: SIGTERM, then SIGKILL after {@code grace}. Blocks until none is
   * left.
   */
  public void kill(Duration grace) {
    ProcessTree.terminate(runId, pid, wrapper, grace);
  }
}
