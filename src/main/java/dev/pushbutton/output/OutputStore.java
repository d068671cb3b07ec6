package dev.pushbutton.output;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where runs' output lives: one directory per run under a root. The log of an active run is open
 * for writing exactly once; readers of that run share it so they see each chunk the moment it is
 * committed.
 */
public final class OutputStore {
  private final Path root;
  private final Map<String, OutputLog> writing = new ConcurrentHashMap<>();

  public OutputStore(Path root) {
    this.root = root;
  }

  public Path directory(String runId) {
    return root.resolve(runId);
  }

  /** Opens a run's log for its tailer (creating it when new, recovering it after a crash). */
  public OutputLog openForWriting(String runId) {
    return writing.computeIfAbsent(runId, id -> OutputLog.open(directory(id)));
  }

  /** Closes a run's log once its tailer is done; later readers open it read-only. */
  public void release(String runId) {
    OutputLog log = writing.remove(runId);
    if (log != null) {
      log.close();
    }
  }

  /**
   * A reader of a run's chunks after {@code afterSeq}, whether the run is active or long finished.
   */
  public OutputReader reader(String runId, long afterSeq) {
    OutputLog active = writing.get(runId);
    return (active != null ? active : OutputLog.readOnly(directory(runId))).reader(afterSeq);
  }
}
