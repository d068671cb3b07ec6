package dev.pushbutton.live;

import dev.pushbutton.api.RunView;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every run's changes, for pages that list runs (the catalog, the history) and update them live.
 * Keeps the latest changes in a small ring; a listener that falls behind it just reloads its list.
 *
 * <p>A listener waits on {@link #changed}, a future that the next change completes and replaces.
 * The replacement happens under the same lock as the change itself: were it made outside, two
 * changes at the same instant could each read the same future, and the second to write would orphan
 * the future the first one had put there, which a listener may already be waiting on and which no
 * later change would ever complete (it would hear nothing until its heartbeat).
 */
public final class RunChanges implements RunListener, AutoCloseable {
  private static final int CAPACITY = 1024;

  private final JsonMapper json;
  private final ReentrantLock lock = new ReentrantLock();
  private final Change[] ring = new Change[CAPACITY];
  private long last;
  private boolean closed;
  private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

  public RunChanges(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void onRunChanged(Run run) {
    byte[] frame = SseFrames.state(json.writeValueAsString(RunView.of(run)));
    CompletableFuture<Void> done;
    lock.lock();
    try {
      last++;
      ring[(int) (last % CAPACITY)] = new Change(run.jobId(), frame);
      done = changed;
      changed = new CompletableFuture<>();
    } finally {
      lock.unlock();
    }
    done.complete(null); // outside the lock: the waiters it wakes take the lock at once
  }

  long last() {
    lock.lock();
    try {
      return last;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The changes after number {@code after}, waiting up to {@code wait} for one when there is none
   * yet: an empty batch when none came in time, and {@link Batch#ended()} once the server is
   * stopping.
   */
  Batch await(long after, Duration wait) throws InterruptedException {
    // The future first: a change made between the two reads completes it, so none is missed.
    CompletableFuture<Void> next = changed;
    Batch batch = after(after);
    if (batch.ended() || batch.changes() == null || !batch.changes().isEmpty()) {
      return batch;
    }
    try {
      next.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return batch; // nothing came (it never completes exceptionally)
    }
    return after(after);
  }

  /**
   * The changes after number {@code after}, and the number of the last one; {@code changes} is null
   * when some of them are no longer kept.
   */
  Batch after(long after) {
    lock.lock();
    try {
      if (closed) {
        return new Batch(List.of(), last, true);
      }
      if (last - after > CAPACITY) {
        return new Batch(null, last, false);
      }
      var frames = new ArrayList<Change>();
      for (long n = after + 1; n <= last; n++) {
        frames.add(ring[(int) (n % CAPACITY)]);
      }
      return new Batch(frames, last, false);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends every listener's wait, and every later one's until {@link #open}: the server is stopping,
   * and their streams with it.
   */
  @Override
  public void close() {
    CompletableFuture<Void> done;
    lock.lock();
    try {
      closed = true;
      done = changed;
    } finally {
      lock.unlock();
    }
    done.complete(null);
  }

  /** Listens again after {@link #close}: a context that was stopped is started again (in tests). */
  void open() {
    lock.lock();
    try {
      closed = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * @param ended the server is stopping: the listener should end its stream (its viewer reconnects,
   *     to this server once it is back or to another)
   */
  record Batch(List<Change> changes, long last, boolean ended) {}

  /** One run's change: its job (to show it only to those who may see that job) and its event. */
  record Change(String jobId, byte[] frame) {}
}
