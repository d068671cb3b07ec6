package dev.pushbutton.output;

import java.io.IOException;
import java.nio.file.Files;
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
  private final long minFreeBytes;
  private final Map<String, OutputLog> writing = new ConcurrentHashMap<>();

  public OutputStore(Path root) {
    this(root, 0);
  }

  /**
   * @param minFreeBytes below this much free space on the root's disk no new run starts: a run
   *     started into a log that cannot grow would lose its output
   */
  public OutputStore(Path root, long minFreeBytes) {
    this.root = root;
    this.minFreeBytes = minFreeBytes;
  }

  /**
   * Refuses a new run while the disk is too full to keep its output.
   *
   * @throws OutputStorageException saying how much is free and how much is needed
   */
  public void ensureRoom() {
    long free = usableSpace();
    if (free < minFreeBytes) {
      throw new OutputStorageException(
          "The disk holding the data directory is full ("
              + megabytes(free)
              + " free, new runs need "
              + megabytes(minFreeBytes)
              + "): no run can start until space is freed.");
    }
  }

  /**
   * Whether the disk holds less free space than new runs need: when a run's process vanished
   * without an exit code, the likely reason.
   */
  public boolean isFull() {
    return minFreeBytes > 0 && usableSpace() < minFreeBytes;
  }

  /** Bytes free for this process on the disk holding the runs' output. */
  public long usableSpace() {
    Path existing = root;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent(); // before the first run there is no runs directory yet
    }
    try {
      return existing == null ? 0 : Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String megabytes(long bytes) {
    return bytes < 1024 * 1024 ? bytes / 1024 + " KB" : bytes / (1024 * 1024) + " MB";
  }

  public Path directory(String runId) {
    return root.resolve(runId);
  }

  /**
   * Keeps a run's secret values (by parameter name) until its output is all stored: its log then
   * masks them in everything the process writes, also after a restart of the server.
   */
  public void keepSecrets(String runId, Map<String, String> secrets) {
    if (secrets.values().stream().anyMatch(value -> !value.isEmpty())) {
      RunSecrets.write(directory(runId), secrets);
    }
  }

  /** The secret values kept for a run, by parameter name; empty when none are. */
  public Map<String, String> keptSecrets(String runId) {
    return RunSecrets.read(directory(runId));
  }

  /**
   * Deletes a run's secret values and the unmasked copy of its output, once the run has ended and
   * its output is all stored (masked). Call it after {@link #release}.
   */
  public void forgetSecrets(String runId) {
    if (!writing.containsKey(runId)) {
      RunSecrets.forget(directory(runId));
    }
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
    return log(runId).reader(afterSeq);
  }

  /** A run's raw log as it stands now (up to its last committed chunk); close it when done. */
  public RawLog rawLog(String runId) {
    OutputLog log = log(runId);
    return new RawLog(log, log.lastSeq());
  }

  /** The run's log: the one being written while the run is active, else a read-only view of it. */
  OutputLog log(String runId) {
    OutputLog active = writing.get(runId);
    return active != null ? active : OutputLog.readOnly(directory(runId));
  }
}
