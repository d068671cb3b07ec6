package dev.pushbutton.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link RunRepository} in memory that can be told to refuse writes, as a database that is busy,
 * locked or on a full disk does. It keeps every update it accepted, in order, so a test can check
 * that none was lost, reordered or applied twice. Queries answer as {@link JdbcRunRepository}'s do.
 */
final class InMemoryRunRepository implements RunRepository {
  /** What a busy or locked database throws: a fault expected to pass. */
  static final class DatabaseRefused extends RuntimeException {
    DatabaseRefused(String message) {
      super(message);
    }
  }

  /** Refuses updates of the runs {@code which} matches with the error {@code refusal} makes. */
  private record Refusal(Predicate<Run> which, Function<Run, RuntimeException> refusal) {}

  private final Map<String, Run> runs = new HashMap<>();
  private final List<Run> applied = new ArrayList<>();
  private final List<Refusal> refusals = new ArrayList<>();
  private final Map<String, Integer> refused = new HashMap<>();
  private boolean refuseInserts;
  private int failNext;

  // Telling it how to fail

  /** Every insert throws until {@link #acceptInserts()}. */
  synchronized void refuseInserts() {
    refuseInserts = true;
  }

  synchronized void acceptInserts() {
    refuseInserts = false;
  }

  /** The next {@code count} updates throw a passing fault. */
  synchronized void failNextUpdates(int count) {
    failNext = count;
  }

  /** Every update throws a passing fault until {@link #release()}. */
  synchronized void failUpdatesUntilReleased() {
    refuseUpdates(run -> true, run -> new DatabaseRefused("[SQLITE_BUSY] the database is locked"));
  }

  /** Updates of the runs {@code which} matches throw {@code refusal}'s error until released. */
  synchronized void refuseUpdates(Predicate<Run> which, Function<Run, RuntimeException> refusal) {
    refusals.add(new Refusal(which, refusal));
  }

  /** Takes back every refusal of updates, at once. */
  synchronized void release() {
    refusals.clear();
    failNext = 0;
  }

  /** Replaces every refusal of updates by {@code which}/{@code refusal}, at once. */
  synchronized void releaseAllBut(Predicate<Run> which, Function<Run, RuntimeException> refusal) {
    release();
    refuseUpdates(which, refusal);
  }

  // What it holds

  /** Every update it accepted, oldest first. */
  synchronized List<Run> applied() {
    return List.copyOf(applied);
  }

  /** The updates of one run it accepted, oldest first. */
  synchronized List<Run> applied(String runId) {
    return applied.stream().filter(run -> run.id().equals(runId)).toList();
  }

  /** How many updates of this run it refused. */
  synchronized int refused(String runId) {
    return refused.getOrDefault(runId, 0);
  }

  /** The run as stored, whatever waits elsewhere. */
  synchronized Run stored(String runId) {
    return runs.get(runId);
  }

  // RunRepository

  @Override
  public synchronized void insert(Run run) {
    if (refuseInserts) {
      throw new DatabaseRefused("[SQLITE_FULL] database or disk is full");
    }
    if (runs.putIfAbsent(run.id(), run) != null) {
      throw new IllegalStateException("run " + run.id() + " is already recorded");
    }
  }

  @Override
  public synchronized void update(Run run) {
    if (failNext > 0) {
      failNext--;
      refuse(run, new DatabaseRefused("[SQLITE_BUSY] the database is locked"));
    }
    for (Refusal refusal : refusals) {
      if (refusal.which().test(run)) {
        refuse(run, refusal.refusal().apply(run));
      }
    }
    if (!runs.containsKey(run.id())) {
      throw new IllegalStateException("run " + run.id() + " is not recorded");
    }
    runs.put(run.id(), run);
    applied.add(run);
  }

  @Override
  public synchronized boolean updateIfState(Run run, RunState expected) {
    Run stored = runs.get(run.id());
    if (stored == null || stored.state() != expected) {
      return false;
    }
    update(run);
    return true;
  }

  private void refuse(Run run, RuntimeException error) {
    refused.merge(run.id(), 1, Integer::sum);
    throw error;
  }

  @Override
  public synchronized Optional<Run> find(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  @Override
  public synchronized List<Run> list(RunQuery query) {
    return runs.values().stream()
        .filter(run -> query.jobIds() == null || query.jobIds().contains(run.jobId()))
        .filter(run -> query.startedBy() == null || query.startedBy().equals(run.startedBy()))
        .filter(run -> query.jobId() == null || query.jobId().equals(run.jobId()))
        .filter(run -> query.state() == null || query.state() == run.state())
        .filter(run -> query.before() == null || run.id().compareTo(query.before()) < 0)
        .sorted(Comparator.comparing(Run::id).reversed())
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized List<Run> unfinished() {
    return runs.values().stream()
        .filter(run -> !run.state().isTerminal() && run.state() != RunState.AWAITING_APPROVAL)
        .sorted(Comparator.comparing(Run::id))
        .toList();
  }
}
