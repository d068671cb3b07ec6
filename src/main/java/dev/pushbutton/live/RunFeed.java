package dev.pushbutton.live;

import dev.pushbutton.run.Run;
import java.util.Arrays;
import java.util.List;

/**
 * The recent events of one active run, encoded once and shared by all its viewers, plus the run's
 * latest state. An event stands for one chunk ({@code output}) or for several consecutive ones
 * ({@code lines}, when a read brought many): a viewer can only start at an event's first chunk, and
 * one that wants a chunk from the middle of an event reads it from the log. Bounded by count and
 * bytes; a viewer that asks for something older is told to read the log. Every change wakes the
 * feed's {@link Broadcaster}.
 */
final class RunFeed {
  // Events; a power of two, so that an event's number masks to its slot.
  private static final int CAPACITY = 8192;
  // Only a watched run fills it (an unwatched one skips encoding), and only a flood reaches this
  // bound: about 50 ms of a job writing 300 MB/s. A viewer whose connection was full for a moment
  // then resumes from events already encoded; with 1 MiB, one following a 100 MB flood read almost
  // all of it from the log, which encodes every chunk a second time. A viewer further behind still
  // reads the log.
  private static final long MAX_BYTES = 16 * 1024 * 1024;

  // Made with the first event: most runs are never watched, and 32 KB each was garbage.
  private Event[] ring;
  private long oldest; // the number of the oldest event held
  private long next; // the number the next event gets; oldest == next when none is held
  private long last; // the sequence number of the newest chunk committed, encoded or not
  private long bytes;
  private volatile long newest; // = last, for readers that take no lock
  private volatile Run state;
  private final Broadcaster broadcaster;

  RunFeed() {
    this.broadcaster = new Broadcaster(this);
  }

  /** Adds the events of consecutive chunks, in sequence order. */
  void append(List<Event> events) {
    synchronized (this) {
      if (ring == null) {
        ring = new Event[CAPACITY];
      }
      if (last == 0 || events.getFirst().firstSeq() != last + 1) {
        // first events seen (a feed created mid-run), or a gap a viewer must fill from the log
        clear();
      }
      for (Event event : events) {
        if (next - oldest == CAPACITY) {
          evictOldest();
        }
        ring[slot(next++)] = event;
        bytes += event.length();
        last = event.lastSeq();
      }
      while (bytes > MAX_BYTES && next - oldest > 1) {
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
      clear();
      last = lastSeq;
      newest = last;
    }
    broadcaster.wake();
  }

  private void clear() {
    // Only when the ring holds events: an unwatched run comes here on every batch, and clearing
    // 8192 slots each time cost more than the batch.
    if (next != oldest) {
      Arrays.fill(ring, null);
    }
    oldest = next;
    bytes = 0;
  }

  private void evictOldest() {
    int slot = slot(oldest++);
    bytes -= ring[slot].length();
    ring[slot] = null;
  }

  private static int slot(long number) {
    return (int) (number & (CAPACITY - 1));
  }

  /**
   * The events right after {@code seq}, joined as {@link #block} joins them; an empty block when
   * there is nothing newer; null when they must come from the log: they are no longer (or not yet)
   * held here, or {@code seq + 1} is in the middle of an event.
   */
  synchronized Block after(long seq, int maxBytes) {
    if (last == 0) {
      return null;
    }
    if (seq >= last) {
      return new Block(seq + 1, seq, new byte[0], 0, 0, new long[0], new int[0]);
    }
    long number = startingAt(seq + 1);
    return number < 0 ? null : join(number, maxBytes);
  }

  /**
   * The events that start after {@code seq} (all held, when {@code seq} is older) joined into one
   * block of about {@code maxBytes} at most; null when there is nothing newer.
   */
  synchronized Block block(long seq, int maxBytes) {
    long number = firstStartingAfter(seq);
    return number == next ? null : join(number, maxBytes);
  }

  /** Whether an event that starts with the chunk {@code seq} is held here. */
  synchronized boolean holds(long seq) {
    return startingAt(seq) >= 0;
  }

  /** The number of the held event whose first chunk is {@code seq}; -1 when none is. */
  private long startingAt(long seq) {
    long number = firstStartingAfter(seq - 1);
    return number < next && ring[slot(number)].firstSeq() == seq ? number : -1;
  }

  /** The number of the oldest held event whose first chunk is after {@code seq}; next if none. */
  private long firstStartingAfter(long seq) {
    long low = oldest;
    long high = next;
    while (low < high) {
      long middle = (low + high) >>> 1;
      if (ring[slot(middle)].firstSeq() > seq) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /**
   * The held events from number {@code from} on, as many as fit {@code maxBytes} (at least one).
   * Events that lie side by side in one array, as those of one read do, are handed out as they are;
   * others are copied into one.
   */
  private Block join(long from, int maxBytes) {
    Event head = ring[slot(from)];
    long to = from;
    int size = head.length();
    boolean adjacent = true;
    while (to + 1 < next) {
      Event following = ring[slot(to + 1)];
      if (size + following.length() > maxBytes) {
        break;
      }
      Event previous = ring[slot(to)];
      adjacent &=
          following.bytes() == previous.bytes()
              && following.offset() == previous.offset() + previous.length();
      size += following.length();
      to++;
    }
    int count = (int) (to - from + 1);
    long[] firsts = new long[count];
    int[] starts = new int[count];
    byte[] joined = adjacent ? head.bytes() : new byte[size];
    int at = adjacent ? head.offset() : 0;
    for (int i = 0; i < count; i++) {
      Event event = ring[slot(from + i)];
      firsts[i] = event.firstSeq();
      starts[i] = at;
      if (!adjacent) {
        System.arraycopy(event.bytes(), event.offset(), joined, at, event.length());
      }
      at += event.length();
    }
    long lastSeq = ring[slot(to)].lastSeq();
    return new Block(head.firstSeq(), lastSeq, joined, starts[0], size, firsts, starts);
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
   * One encoded event: the chunks {@code firstSeq}..{@code lastSeq}, in {@code length} bytes of
   * {@code bytes} from {@code offset}. The events of one read share one array, never modified.
   */
  record Event(long firstSeq, long lastSeq, byte[] bytes, int offset, int length) {}

  /**
   * Consecutive events joined as the bytes of one write, covering the chunks {@code from}..{@code
   * to}; a viewer that already has the first few events writes the rest.
   *
   * @param bytes shared by every viewer it is written to: never modified
   * @param offset where the first event starts in {@code bytes}
   * @param length the bytes of all the events
   * @param firsts the first chunk of each event
   * @param starts where each event starts in {@code bytes}
   */
  record Block(
      long from, long to, byte[] bytes, int offset, int length, long[] firsts, int[] starts) {
    boolean isEmpty() {
      return to < from;
    }

    /**
     * Where the event that starts with the chunk {@code seq} starts in {@link #bytes}; -1 when no
     * event of this block does.
     */
    int offsetOf(long seq) {
      int event = seq >= from && seq <= to ? Arrays.binarySearch(firsts, seq) : -1;
      return event >= 0 ? starts[event] : -1;
    }

    /** Where the block ends in {@link #bytes}. */
    int end() {
      return offset + length;
    }
  }
}
