package dev.pushbutton.live;

import dev.pushbutton.run.Run;
import java.util.Arrays;
import java.util.List;

/**
 * The recent events of one active run, encoded once and shared by all its viewers, plus the run's
 * latest state. Bounded by count and bytes; a viewer that asks for something older is told to read
 * the log. Every change wakes the feed's {@link Broadcaster}.
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
  private volatile long newest; // = last, for readers that take no lock
  private volatile Run state;
  private final Broadcaster broadcaster;

  RunFeed() {
    this.broadcaster = new Broadcaster(this);
  }

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
      newest = last;
    }
    broadcaster.wake();
  }

  /**
   * Notes that the chunks up to {@code lastSeq} were committed but not encoded, because nobody was
   * watching: a viewer who wants them reads them from the log, as a late viewer does.
   */
  void skipTo(long lastSeq) {
    synchronized (this) {
      // Only when the ring holds frames (each has bytes): an unwatched run comes here on every
      // batch, and clearing 8192 slots each time cost more than the batch.
      if (bytes > 0) {
        Arrays.fill(ring, null);
      }
      first = lastSeq + 1;
      last = lastSeq;
      bytes = 0;
      newest = last;
    }
    broadcaster.wake();
  }

  private void evictOldest() {
    int slot = (int) (first & (CAPACITY - 1));
    bytes -= ring[slot].length;
    ring[slot] = null;
    first++;
  }

  /**
   * The events right after {@code seq}, joined as {@link #block} joins them; an empty block when
   * there is nothing newer; null when they are no longer (or not yet) held here and must come from
   * the log.
   */
  synchronized Block after(long seq, int maxBytes) {
    if (last == 0 || seq + 1 < first) {
      return null;
    }
    Block block = block(seq, maxBytes);
    return block != null ? block : new Block(seq + 1, seq, new byte[0], new int[0]);
  }

  /**
   * The events after {@code seq} (or from the oldest held, when {@code seq} is older) joined into
   * one block of about {@code maxBytes} at most; null when there is nothing newer.
   */
  synchronized Block block(long seq, int maxBytes) {
    long from = Math.max(seq + 1, first);
    if (last == 0 || from > last) {
      return null;
    }
    long to = from;
    int size = ring[(int) (from & (CAPACITY - 1))].length;
    while (to < last) {
      int next = ring[(int) ((to + 1) & (CAPACITY - 1))].length;
      if (size + next > maxBytes) {
        break;
      }
      size += next;
      to++;
    }
    byte[] joined = new byte[size];
    int[] starts = new int[(int) (to - from + 1)];
    int at = 0;
    for (long s = from; s <= to; s++) {
      byte[] frame = ring[(int) (s & (CAPACITY - 1))];
      starts[(int) (s - from)] = at;
      System.arraycopy(frame, 0, joined, at, frame.length);
      at += frame.length;
    }
    return new Block(from, to, joined, starts);
  }

  /** Whether the event {@code seq} is held here. */
  synchronized boolean holds(long seq) {
    return last != 0 && seq >= first && seq <= last;
  }

  /** The sequence number of the newest chunk committed, encoded or not. */
  long newest() {
    return newest;
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
    broadcaster.wake();
  }

  Broadcaster broadcaster() {
    return broadcaster;
  }

  int viewers() {
    return broadcaster.viewers();
  }

  /**
   * Consecutive events {@code from}..{@code to} joined as the bytes of one write; a viewer that
   * already has the first few writes the rest.
   *
   * @param bytes shared by every viewer it is written to: never modified
   * @param starts where each event starts in {@code bytes}
   */
  record Block(long from, long to, byte[] bytes, int[] starts) {
    boolean holds(long seq) {
      return seq >= from && seq <= to;
    }

    boolean isEmpty() {
      return to < from;
    }

    /** Where the event {@code seq} starts in {@link #bytes}. */
    int offsetOf(long seq) {
      return starts[(int) (seq - from)];
    }
  }
}
