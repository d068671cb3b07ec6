package dev.pushbutton.live;

import dev.pushbutton.run.Run;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recent events of one active run, encoded once and shared by all its viewers, plus the run's
 * latest state. Bounded by count and bytes; a viewer that asks for something older is told to read
 * the log.
 */
final class RunFeed {
  private static final int CAPACITY = 8192; // a power of two: a sequence number masks to its slot
  // Small on purpose: every active run holds one, viewers or not; a viewer further behind reads the
  // log.
  private static final long MAX_BYTES = 1024 * 1024;

  private final byte[][] ring = new byte[CAPACITY][];
  private long first = 1;
  private long last;
  private long bytes;
  private volatile Run state;
  private final AtomicInteger viewers = new AtomicInteger();

  /**
   * Completed (and replaced) on every change: viewers wait on it, so a million waiters cost one
   * completion.
   */
  private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

  /** Adds the events of consecutive chunks, in sequence order. */
  void append(long firstSeq, List<byte[]> frames) {
    synchronized (this) {
      if (last == 0 || firstSeq != last + 1) {
        // first events seen (a feed created mid-run), or a gap a viewer must fill from the log
        first = firstSeq;
        bytes = 0;
      }
      long seq = firstSeq;
      for (byte[] frame : frames) {
        int slot = (int) (seq & (CAPACITY - 1));
        if (seq - first >= CAPACITY) {
          evictOldest();
        }
        ring[slot] = frame;
        bytes += frame.length;
        last = seq++;
      }
      while (bytes > MAX_BYTES && first < last) {
        evictOldest();
      }
    }
    signal();
  }

  /**
   * Notes that the chunks up to {@code lastSeq} were committed but not encoded, because nobody was
   * watching: a viewer who wants them reads them from the log, as a late viewer does.
   */
  void skipTo(long lastSeq) {
    synchronized (this) {
      Arrays.fill(ring, null);
      first = lastSeq + 1;
      last = lastSeq;
      bytes = 0;
    }
    signal();
  }

  int viewers() {
    return viewers.get();
  }

  private void evictOldest() {
    int slot = (int) (first & (CAPACITY - 1));
    bytes -= ring[slot].length;
    ring[slot] = null;
    first++;
  }

  /**
   * The events after {@code seq}, up to about {@code maxBytes}; empty when there is nothing newer;
   * null when the events right after {@code seq} are no longer (or not yet) held here and must come
   * from the log.
   */
  synchronized List<byte[]> after(long seq, int maxBytes) {
    if (last == 0 || seq + 1 < first) {
      return null;
    }
    var frames = new ArrayList<byte[]>();
    long size = 0;
    for (long next = seq + 1; next <= last && size < maxBytes; next++) {
      byte[] frame = ring[(int) (next & (CAPACITY - 1))];
      frames.add(frame);
      size += frame.length;
    }
    return frames;
  }

  Run state() {
    return state;
  }

  /** Records the run's latest state; a final state is never replaced. */
  void state(Run run) {
    synchronized (this) {
      if (state != null && state.state().isTerminal()) {
        return;
      }
      state = run;
    }
    signal();
  }

  CompletableFuture<Void> changed() {
    return changed;
  }

  void joined() {
    viewers.incrementAndGet();
  }

  void left() {
    viewers.decrementAndGet();
  }

  /**
   * How long a viewer waits after each write before it looks again, so that with a crowd each
   * wake-up carries several lines: a thousand viewers woken for every one of a hundred lines a
   * second would be a hundred thousand wake-ups and writes a second, more than two cores can do.
   * The wait grows with the crowd (20 µs per viewer) up to 200 ms; up to 32 viewers never wait.
   */
  long lingerNanos() {
    int watching = viewers.get();
    return watching <= 32 ? 0 : Math.min(200_000_000L, watching * 20_000L);
  }

  private void signal() {
    CompletableFuture<Void> done = changed;
    changed = new CompletableFuture<>();
    done.complete(null);
  }
}
