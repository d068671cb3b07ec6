package dev.pushbutton.run;

import dev.pushbutton.catalog.BoundParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the server holds in memory for runs not yet ended: each one as last written, the supervisor
 * of each active run, its timeout, and the parameter values of each waiting run (secrets included,
 * which are never stored).
 */
final class ActiveRuns implements AutoCloseable {
  private final Map<String, RunSupervisor> supervisors = new ConcurrentHashMap<>();
  private final Map<String, Run> latest = new ConcurrentHashMap<>();

  /** Supervisors of finished runs still storing the end of their output. */
  private final Set<RunSupervisor> catchingUp = ConcurrentHashMap.newKeySet();

  private final Map<String, BoundParameters> waitingValues = new ConcurrentHashMap<>();

  /**
   * The values of runs awaiting approval that this server took the request for. The runs themselves
   * are not kept here: another node may decide on them, so the database is asked.
   */
  private final Map<String, Held> awaitingValues = new ConcurrentHashMap<>();

  /** Values held since {@code since} ({@link System#nanoTime()}). */
  private record Held(BoundParameters values, long since) {}

  private final Map<String, ScheduledFuture<?>> timeouts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("run-timeouts").factory());

  void add(String runId, RunSupervisor supervisor) {
    supervisors.put(runId, supervisor);
  }

  RunSupervisor supervisor(String runId) {
    return supervisors.get(runId);
  }

  /** Keeps the run as last written while it is unfinished; forgets it once it has ended. */
  void remember(Run run) {
    if (run.state().isTerminal()) {
      latest.remove(run.id());
    } else {
      latest.put(run.id(), run);
    }
  }

  /** The unfinished run as last written, or null. */
  Run latest(String runId) {
    return latest.get(runId);
  }

  void waitingWith(String runId, BoundParameters values) {
    waitingValues.put(runId, values);
  }

  BoundParameters takeValues(String runId) {
    return waitingValues.remove(runId);
  }

  void forgetValues(String runId) {
    waitingValues.remove(runId);
  }

  void awaitingWith(String runId, BoundParameters values) {
    awaitingValues.put(runId, new Held(values, System.nanoTime()));
  }

  /**
   * The values of a run awaiting approval, if this server holds them (and no longer holds them).
   */
  BoundParameters takeAwaiting(String runId) {
    Held held = awaitingValues.remove(runId);
    return held == null ? null : held.values();
  }

  /**
   * Forgets the values of the runs that no longer await approval (another node decided on them):
   * those held since before {@code listedAt} ({@link System#nanoTime()}) that are not in {@code
   * awaiting}, the runs that awaited approval then. A run asked for after that list was read is
   * kept.
   *
   * @return the runs forgotten
   */
  List<String> keepAwaitingOnly(Set<String> awaiting, long listedAt) {
    var forgotten = new ArrayList<String>();
    awaitingValues
        .entrySet()
        .removeIf(e -> {
          boolean gone = !awaiting.contains(e.getKey()) && e.getValue().since() - listedAt < 0;
          if (gone) {
            forgotten.add(e.getKey());
          }
          return gone;
        });
    return forgotten;
  }

  void timeout(String runId, Duration after, Runnable onTimeout) {
    timeouts.put(
        runId, timer.schedule(onTimeout, Math.max(0, after.toMillis()), TimeUnit.MILLISECONDS));
  }

  void remove(String runId) {
    supervisors.remove(runId);
    ScheduledFuture<?> timeout = timeouts.remove(runId);
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  /** Runs {@code catchUp} while the server lasts: a shutdown ends it too. */
  boolean catchUp(RunSupervisor supervisor) {
    catchingUp.add(supervisor);
    try {
      return supervisor.catchUp();
    } finally {
      catchingUp.remove(supervisor);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    supervisors.values().forEach(RunSupervisor::abandon);
    catchingUp.forEach(RunSupervisor::abandon);
  }
}
