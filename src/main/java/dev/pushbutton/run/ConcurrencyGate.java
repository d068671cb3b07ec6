package dev.pushbutton.run;

import dev.pushbutton.catalog.Concurrency;
import dev.pushbutton.catalog.Job;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs of each job are active and which wait in line. Not thread-safe: {@link RunService}
 * holds its lock around every use, so a decision and the record of it happen together.
 */
final class ConcurrencyGate {
  private final Map<String, Set<String>> active = new HashMap<>();
  private final Map<String, Deque<String>> waiting = new HashMap<>();

  /** Whether a new run of the job may start now (true) or must wait (false). */
  boolean admit(Job job) {
    int running = active(job.id()).size();
    if (job.concurrency() == Concurrency.SINGLE && running > 0) {
      throw new RunExceptions.Conflict(
          "Job '" + job.id() + "' allows one run at a time and a run of it is still active.");
    }
    return running < job.activeLimit() && waiting(job.id()).isEmpty();
  }

  void started(String jobId, String runId) {
    active(jobId).add(runId);
  }

  void enqueue(String jobId, String runId) {
    waiting(jobId).addLast(runId);
  }

  boolean dequeue(String jobId, String runId) {
    return waiting(jobId).remove(runId);
  }

  /**
   * Records that a run ended; returns the next waiting run that may now start, already counted
   * active.
   */
  Optional<String> finished(Job job, String runId) {
    active(job.id()).remove(runId);
    return next(job);
  }

  Optional<String> next(Job job) {
    Deque<String> line = waiting(job.id());
    if (!line.isEmpty() && active(job.id()).size() < job.activeLimit()) {
      String next = line.removeFirst();
      active(job.id()).add(next);
      return Optional.of(next);
    }
    return Optional.empty();
  }

  /**
   * The run's place in its job's line, counting the active runs ahead of it: 2 for the first run
   * waiting behind one active run; 0 when it is not waiting.
   */
  int placeInLine(String jobId, String runId) {
    int place = active(jobId).size() + 1;
    for (String waitingRun : waiting(jobId)) {
      if (waitingRun.equals(runId)) {
        return place;
      }
      place++;
    }
    return 0;
  }

  /** Whether a run of the job is active (starting or running). */
  boolean isBusy(String jobId) {
    return !active(jobId).isEmpty();
  }

  /** Frees a run's slot whatever its job: the job may have left the catalog. */
  void forget(String runId) {
    active.values().forEach(runs -> runs.remove(runId));
  }

  private Set<String> active(String jobId) {
    return active.computeIfAbsent(jobId, id -> new LinkedHashSet<>());
  }

  private Deque<String> waiting(String jobId) {
    return waiting.computeIfAbsent(jobId, id -> new ArrayDeque<>());
  }
}
