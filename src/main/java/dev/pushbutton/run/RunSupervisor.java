package dev.pushbutton.run;

import dev.pushbutton.output.OutputListener;
import dev.pushbutton.output.OutputLog;
import dev.pushbutton.output.OutputStorageException;
import dev.pushbutton.output.OutputWatcher;
import dev.pushbutton.process.JobProcess;
import dev.pushbutton.process.ProcessExit;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Watches one run's process until it ends, moving its output into the log as it arrives, and
 * carries out a kill. One per active run, on a virtual thread of its own.
 */
final class RunSupervisor {
  /**
   * The safety-net poll when no file notification comes; notifications normally wake the loop at
   * once.
   */
  private static final long IDLE_POLL_NANOS = Wakeup.millis(250);

  /**
   * How often the exit is checked while output keeps flowing, so a chatty background child cannot
   * hang a run.
   */
  private static final long BUSY_POLL_NANOS = Wakeup.millis(20);

  /**
   * While output flows, the tailer reads at most this often, unless it is behind. Each read has a
   * fixed cost (the read itself, an index write, telling viewers), and a job that writes 4 KB at a
   * time would otherwise pay it on every write: for 100 MB, 25,000 times. A line waits a
   * millisecond at most for it.
   */
  private static final long FLOWING_PUMP_NANOS = Wakeup.millis(1);

  /**
   * After this many reads in a row that found output, the loop stops watching the files until a
   * read finds nothing. It reads every {@link #FLOWING_PUMP_NANOS} anyway then, and the watch only
   * costs: the watcher's thread handles a notification for every write of the job and of the index,
   * 50,000 for a job that writes 100 MB, which was a third of the cost of storing it.
   */
  private static final int UNWATCHED_AFTER_READS = 8;

  private final String runId;
  private final Duration killGrace;
  private final OutputListener listener;
  private final OutputWatcher watcher;
  private final Clock clock;
  private final Wakeup wakeup = new Wakeup();
  private volatile JobProcess process;
  private volatile RunState stopReason;
  private volatile boolean abandoned;
  private Thread killer;
  private OutputKeeper keeper;
  private final BooleanSupplier diskFull;
  private long nextDiskCheck;

  /**
   * How the process ended, and why it was stopped if it was.
   *
   * @param outputFault the first fault met while storing the output, in words; null when none
   * @param outputStored whether all of the output is stored; when not, {@link #catchUp} stores the
   *     rest
   */
  record Outcome(ProcessExit exit, RunState stopReason, String outputFault, boolean outputStored) {}

  RunSupervisor(
      String runId,
      Duration killGrace,
      OutputListener listener,
      OutputWatcher watcher,
      Clock clock,
      BooleanSupplier diskFull) {
    this.runId = runId;
    this.killGrace = killGrace;
    this.listener = listener;
    this.watcher = watcher;
    this.clock = clock;
    this.diskFull = diskFull;
  }

  /**
   * The process is known (just launched, or found again after a restart); a pending stop is carried
   * out.
   */
  synchronized void attach(JobProcess launched) {
    this.process = launched;
    if (stopReason != null) {
      startKiller();
    }
  }

  /**
   * Stops the run (kill or timeout). The first reason given wins; the kill itself runs in the
   * background.
   */
  synchronized boolean requestStop(RunState reason) {
    if (stopReason != null) {
      return false;
    }
    stopReason = reason;
    if (process != null) {
      startKiller();
    }
    return true;
  }

  private void startKiller() {
    if (killer == null) {
      JobProcess target = process;
      killer =
          Thread.ofVirtual()
              .name("kill-" + runId)
              .start(() -> {
                target.kill(killGrace);
                wakeup.signal();
              });
    }
  }

  /**
   * Stops following without ending the run: the server is shutting down and the process lives on.
   */
  void abandon() {
    abandoned = true; // also ends catchUp()
    wakeup.signal();
  }

  /**
   * Stores whatever output there is, for a run whose process never started: true when all of it is
   * stored.
   */
  boolean drainOnly(OutputLog log) {
    return keeper(log).drain();
  }

  /**
   * Follows the attached process until it ends and stores its output; blocks meanwhile. A fault
   * while storing never ends the watch: the run's outcome is the process's, whatever the disk did.
   */
  Outcome supervise(OutputLog log) throws InterruptedException {
    OutputKeeper output = keeper(log);
    ProcessExit exit;
    OutputWatcher.Watch watch = null;
    try {
      watch = watch(log);
      long lastPoll = 0;
      int flowing = 0; // reads in a row that found output
      boolean unwatchable = watch == null; // no notifications: the loop polls
      while (true) {
        if (abandoned) {
          throw new InterruptedException("the server is shutting down");
        }
        boolean moved = output.pump();
        long now = System.nanoTime();
        if (!moved || now - lastPoll > BUSY_POLL_NANOS) {
          lastPoll = now;
          exit = process.poll();
          if (!(exit instanceof ProcessExit.Running)) {
            break;
          }
        }
        if (moved) {
          if (watch != null && ++flowing == UNWATCHED_AFTER_READS) {
            watch.close();
            watch = null;
          }
          if (!output.isBehind()) {
            LockSupport.parkNanos(FLOWING_PUMP_NANOS);
          }
        } else {
          flowing = 0;
          if (watch == null && output.fault() == null && !unwatchable) {
            watch = watch(log);
            unwatchable = watch == null;
            // Read once more before waiting: a write since the last read notified nobody.
          } else {
            if (now >= nextDiskCheck) {
              nextDiskCheck = now + IDLE_POLL_NANOS;
              if (diskFull.getAsBoolean()) {
                // The job's own writes fail on a full disk even when the server's still fit.
                output.noteFault(OutputStorageException.DISK_FULL);
              }
            }
            wakeup.await(Math.min(output.nanosUntilDue(), IDLE_POLL_NANOS));
          }
        }
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
    if (diskFull.getAsBoolean()) {
      output.noteFault(OutputStorageException.DISK_FULL); // as it ended: why its exit may be lost
    }
    boolean stored = output.drain();
    awaitKiller();
    return new Outcome(exit, stopReason, output.firstFault(), stored);
  }

  /**
   * Stores the rest of a finished run's output once the fault allows, trying every second; returns
   * when all is stored, or when the server shuts down.
   */
  boolean catchUp() {
    OutputKeeper output = keeper;
    while (!abandoned) {
      if (output.drain()) {
        return true;
      }
      wakeup.await(OutputKeeper.RETRY_NANOS);
    }
    return false;
  }

  /**
   * Waits for the process to end without following its output: what is left after supervision
   * itself failed. Polls every {@link #IDLE_POLL_NANOS}.
   */
  Outcome awaitExit() throws InterruptedException {
    while (true) {
      if (abandoned) {
        throw new InterruptedException("the server is shutting down");
      }
      ProcessExit exit = process.poll();
      if (!(exit instanceof ProcessExit.Running)) {
        awaitKiller();
        return new Outcome(exit, stopReason, outputFault(), false);
      }
      wakeup.await(IDLE_POLL_NANOS);
    }
  }

  /** A killed run ends only once no process of it is left: waits for a kill under way. */
  private void awaitKiller() throws InterruptedException {
    Thread running;
    synchronized (this) {
      running = killer;
    }
    if (running != null) {
      running.join();
    }
  }

  /** The first output fault this run met, in words; null when none. */
  String outputFault() {
    return keeper == null ? null : keeper.firstFault();
  }

  /** Closes the files it follows. */
  void close() {
    if (keeper != null) {
      keeper.close();
    }
  }

  private OutputKeeper keeper(OutputLog log) {
    if (keeper == null) {
      keeper = new OutputKeeper(runId, log, listener, clock);
    }
    return keeper;
  }

  /** File notifications wake the loop at once; without them (a watch refused) it polls. */
  private OutputWatcher.Watch watch(OutputLog log) {
    try {
      return watcher.watch(log.directory(), wakeup::signal);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
