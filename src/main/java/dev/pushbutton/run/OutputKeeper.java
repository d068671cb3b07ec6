package dev.pushbutton.run;

import dev.pushbutton.output.OutputListener;
import dev.pushbutton.output.OutputLog;
import dev.pushbutton.output.OutputStorageException;
import dev.pushbutton.output.OutputTailer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's tailer, kept going through faults. A read or write that fails (a full disk, a read-only
 * file system, a bug) never ends supervision: it is logged once and tried again after a pause,
 * while the supervisor goes on watching the process. Nothing read is lost meanwhile: the tailer
 * holds what it could not store, and after an unexpected error a fresh tailer resumes from what the
 * log recorded.
 */
final class OutputKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputKeeper.class);

  /** How long to wait before trying again after a fault: the disk rarely frees up sooner. */
  static final long RETRY_NANOS = Wakeup.millis(1000);

  private final String runId;
  private final OutputLog log;
  private final OutputListener listener;
  private final Clock clock;
  private OutputTailer tailer;
  private String fault;
  private String firstFault;
  private long retryAt;
  private volatile boolean listenerFailed;

  OutputKeeper(String runId, OutputLog log, OutputListener listener, Clock clock) {
    this.runId = runId;
    this.log = log;
    this.listener = telling(listener);
    this.clock = clock;
  }

  /**
   * Storing never depends on telling viewers: chunks reach the listener only once stored, and a
   * listener that fails (a bug) costs its viewers those chunks live, never the log. Said once.
   */
  private OutputListener telling(OutputListener viewers) {
    return (id, chunks) -> {
      try {
        viewers.onOutput(id, chunks);
      } catch (VirtualMachineError e) {
        throw e; // out of memory or stack: nothing here can go on safely
      } catch (RuntimeException | Error e) {
        if (!listenerFailed) {
          listenerFailed = true;
          LOG.error("run {}: output was stored but viewers could not be told of it", id, e);
        }
      }
    };
  }

  /**
   * Reads and stores what is new: true when anything was. False also while a fault lasts (until its
   * pause is over).
   */
  boolean pump() {
    if (waiting()) {
      return false;
    }
    try {
      boolean moved = tailer().pump();
      stored();
      return moved;
    } catch (RuntimeException e) {
      failed(e);
      return false;
    }
  }

  /** Reads and stores everything left (the process has ended): true when all of it is stored. */
  boolean drain() {
    try {
      tailer().drain();
      stored();
      return true;
    } catch (RuntimeException e) {
      failed(e);
      return false;
    }
  }

  boolean isBehind() {
    return fault == null && tailer != null && tailer.isBehind();
  }

  /** Nanoseconds until something is due: an unfinished line to send, or a retry after a fault. */
  long nanosUntilDue() {
    if (fault != null) {
      return Math.max(0, retryAt - System.nanoTime());
    }
    return tailer == null ? Long.MAX_VALUE : tailer.nanosUntilDue();
  }

  /** Remembers a fault seen from outside (the disk is full), unless an earlier one is known. */
  void noteFault(String words) {
    if (firstFault == null) {
      firstFault = words;
    }
  }

  /** The fault going on now, in words; null while output is being stored. */
  String fault() {
    return fault;
  }

  /** The first fault this run met, in words, even if it has passed; null when none. */
  String firstFault() {
    return firstFault;
  }

  private boolean waiting() {
    return fault != null && System.nanoTime() < retryAt;
  }

  private OutputTailer tailer() {
    if (tailer == null) {
      tailer = new OutputTailer(runId, log, listener, clock);
    }
    return tailer;
  }

  private void stored() {
    if (fault != null) {
      LOG.info("run {}: its output is being stored again", runId);
      fault = null;
    }
  }

  private void failed(RuntimeException e) {
    boolean storage = e instanceof OutputStorageException;
    String words = storage ? e.getMessage() : "an unexpected error in the server: " + e;
    if (fault == null) {
      if (storage) {
        LOG.warn(
            "run {}: its output cannot be stored, trying again every second: {}", runId, words);
      } else {
        LOG.error("run {}: its output could not be followed; trying again", runId, e);
      }
    }
    fault = words;
    if (firstFault == null) {
      firstFault = words;
    }
    retryAt = System.nanoTime() + RETRY_NANOS;
    if (!storage) {
      // The tailer may be half-way through a read: a fresh one starts from what the log recorded,
      // and reads again whatever the old one had read but not recorded.
      closeTailer();
    }
  }

  private void closeTailer() {
    if (tailer != null) {
      try {
        tailer.close();
      } catch (RuntimeException e) {
        LOG.debug("run {}: closing its tailer failed", runId, e);
      }
      tailer = null;
    }
  }

  @Override
  public void close() {
    closeTailer();
  }
}
