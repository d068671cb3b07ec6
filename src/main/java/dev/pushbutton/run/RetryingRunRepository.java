package dev.pushbutton.run;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes runs' changes through to a repository and keeps those it cannot write yet (a database
 * busy, locked, read-only or on a full disk) until it can. A run's process and output never wait
 * for the database, and no change is lost:
 *
 * <ul>
 *   <li>once one change waits, later ones queue behind it, so they land in the order they were
 *       made;
 *   <li>each change is a whole run, so a newer change of a waiting run takes its place: every
 *       change lands once, or is overtaken by a newer one of the same run, never applied twice;
 *   <li>reads see the waiting changes, so the server shows what it knows, not what is stored.
 * </ul>
 *
 * A new run is refused instead (its insert throws): nothing is started that could not be recorded.
 * If the server stops while changes wait, the next start reconciles the runs from their processes.
 */
public final class RetryingRunRepository implements RunRepository, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingRunRepository.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LAST_RETRY = Duration.ofSeconds(5);

  private final RunRepository database;

  /** The changes waiting, oldest first, one per run; guarded by itself. */
  private final Map<String, Run> waiting = new LinkedHashMap<>();

  /** Held while writing, so one change at a time goes to the database, in order. */
  private final ReentrantLock writing = new ReentrantLock();

  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("run-writes").factory());
  private Duration retryAfter = FIRST_RETRY;
  private volatile RuntimeException lastRefusal;

  public RetryingRunRepository(RunRepository database) {
    this.database = database;
  }

  /**
   * Records a new run, or refuses it: while changes wait, the database is known to refuse writes,
   * and a new run is refused at once rather than after another wait for the database.
   *
   * @throws RunStorageException when changes wait (its cause is the database's last refusal)
   */
  @Override
  public void insert(Run run) {
    RuntimeException refusing = lastRefusal;
    if (refusing != null && waitingCount() > 0) {
      throw new RunStorageException("the database does not take run changes now", refusing);
    }
    database.insert(run);
  }

  @Override
  public void update(Run run) {
    writing.lock();
    try {
      if (waitingCount() == 0) {
        try {
          database.update(run);
          return;
        } catch (RuntimeException e) {
          if (isPermanent(e)) {
            throw e;
          }
          LOG.warn(
              "run changes cannot be recorded now, kept to retry from {}: {}",
              FIRST_RETRY,
              e.getMessage());
          lastRefusal = e;
          retryAfter = FIRST_RETRY;
          retryIn(FIRST_RETRY);
        }
      }
      synchronized (waiting) {
        waiting.put(run.id(), run); // a run already waiting keeps its place with its newest state
      }
    } finally {
      writing.unlock();
    }
  }

  /**
   * Straight to the database, never kept to retry: the caller must know now whether the run moved.
   * A fault of the database reaches the caller, who refuses the request rather than guess.
   */
  @Override
  public boolean updateIfState(Run run, RunState expected) {
    writing.lock();
    try {
      synchronized (waiting) {
        if (waiting.containsKey(run.id())) {
          // The stored row is behind what this server knows: no condition on it can be trusted.
          throw new RunStorageException(
              "the database does not take run changes now",
              lastRefusal == null ? new IllegalStateException("changes wait") : lastRefusal);
        }
      }
      return database.updateIfState(run, expected);
    } finally {
      writing.unlock();
    }
  }

  /** Writes the waiting changes, oldest first, until all are written or the database refuses. */
  private void retry() {
    writing.lock();
    try {
      int written = 0;
      while (true) {
        Run next;
        synchronized (waiting) {
          if (waiting.isEmpty()) {
            LOG.info("the database records run changes again ({} late ones written)", written);
            return;
          }
          next = waiting.values().iterator().next();
        }
        try {
          database.update(next);
          written++;
        } catch (RuntimeException e) {
          if (!isPermanent(e)) {
            retryAfter = min(retryAfter.multipliedBy(2), LAST_RETRY);
            lastRefusal = e;
            LOG.debug("run changes still wait: {}", e.getMessage());
            retryIn(retryAfter);
            return;
          }
          LOG.error("run {} cannot be recorded, and retrying cannot help", next.id(), e);
        }
        synchronized (waiting) {
          waiting.remove(next.id()); // nothing replaced it meanwhile: writers hold the lock too
        }
      }
    } catch (RuntimeException e) {
      LOG.error("retrying run changes failed", e);
      retryIn(LAST_RETRY);
    } finally {
      writing.unlock();
    }
  }

  private void retryIn(Duration delay) {
    try {
      retries.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // close() makes the last try
    }
  }

  /** A change the database can never take (the run is not there): a bug, not a passing fault. */
  private static boolean isPermanent(RuntimeException e) {
    return e instanceof IllegalStateException;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** How many runs' changes wait to be written. */
  public int waitingCount() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  @Override
  public Optional<Run> find(String id) {
    Run known;
    synchronized (waiting) {
      known = waiting.get(id);
    }
    return known != null ? Optional.of(known) : database.find(id);
  }

  /**
   * The page as it will be once what waits is written. A waiting change can move a run out of the
   * page (its stored row matches the query, its new state does not) or into it (the other way
   * round), so the database is asked for as many more rows as could drop out, and the waiting runs
   * that match are added in their place.
   */
  @Override
  public List<Run> list(RunQuery query) {
    int mayDropOut = waitingCount();
    if (mayDropOut == 0) {
      return database.list(query);
    }
    List<Run> stored =
        database.list(
            query.withLimit((int) Math.min(Integer.MAX_VALUE, (long) query.limit() + mayDropOut)));
    var shown = new TreeMap<String, Run>(Comparator.reverseOrder()); // newest first, as stored
    synchronized (waiting) {
      for (Run run : stored) {
        Run known = waiting.getOrDefault(run.id(), run);
        if (matches(query, known)) {
          shown.put(known.id(), known);
        }
      }
      for (Run known : waiting.values()) {
        if (matches(query, known)) {
          shown.put(known.id(), known);
        }
      }
    }
    return shown.values().stream().limit(query.limit()).toList();
  }

  /** What the database's query asks of a run, asked of one in memory. */
  private static boolean matches(RunQuery query, Run run) {
    return (query.jobIds() == null || query.jobIds().contains(run.jobId()))
        && (query.startedBy() == null || query.startedBy().equals(run.startedBy()))
        && (query.jobId() == null || query.jobId().equals(run.jobId()))
        && (query.state() == null || query.state() == run.state())
        && (query.before() == null || run.id().compareTo(query.before()) < 0);
  }

  @Override
  public List<Run> unfinished() {
    return database.unfinished();
  }

  /** Tries once more to write what waits; what still cannot be written is reported. */
  @Override
  public void close() {
    retries.shutdownNow();
    if (waitingCount() > 0) {
      retry();
      retries.shutdownNow();
      int left = waitingCount();
      if (left > 0) {
        LOG.error(
            "{} runs' latest changes could not be recorded; the next start settles them from"
                + " their processes' exit files",
            left);
      }
    }
  }
}
