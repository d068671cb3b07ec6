package dev.pushbutton.live;

import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunReport;
import dev.pushbutton.run.RunState;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a run's new events to every viewer that is keeping up, in rounds: one round joins the
 * events that arrived since the last into one block and writes that same block to each viewer's
 * connection without blocking. A viewer whose connection is full is skipped; it catches up by
 * itself when its connection drains (see {@link LiveViewer}).
 *
 * <p>Rounds never overlap, and a round that took a while is followed by a pause a quarter as long:
 * with a crowd, each round carries several lines instead of the broadcaster falling ever further
 * behind, and the machine keeps a fifth of its time for everything else. (A pause as long as the
 * round kept half, and doubled the latency of a crowd of 1,000 or 10,000.) Within a round, each
 * thread steps aside for other virtual threads every {@link #YIELD_EVERY} viewers, so a request
 * never waits for a whole round.
 */
final class Broadcaster {
  private static final Logger LOG = LoggerFactory.getLogger(Broadcaster.class);
  private static final int MAX_BLOCK = 256 * 1024;
  // Below this many viewers per core, one thread writes to them all.
  private static final int MIN_SHARD = 256;
  private static final int SHARDS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static final int PAUSE_DIVISOR = 4;
  private static final int YIELD_EVERY = 256;

  private static final int IDLE = 0;
  private static final int RUNNING = 1;
  private static final int DIRTY = 2; // something changed since the current round started

  private final RunFeed feed;
  private final AtomicInteger state = new AtomicInteger(IDLE);
  private final Set<LiveViewer> viewers = ConcurrentHashMap.newKeySet();
  private volatile boolean membersChanged;
  private LiveViewer[] members = new LiveViewer[0]; // only the round loop uses it
  private volatile RunFeed.Block latest;
  private long lastSeq; // only the round loop uses it
  private long nextRoundNanos; // only the round loop uses it

  Broadcaster(RunFeed feed) {
    this.feed = feed;
  }

  void add(LiveViewer viewer) {
    viewers.add(viewer);
    membersChanged = true;
  }

  void remove(LiveViewer viewer) {
    viewers.remove(viewer);
    membersChanged = true;
    // A round takes the new members. Without one (a run printing nothing for a while) the last
    // round's array would keep every viewer that left, and with it the container's request.
    wake();
  }

  int viewers() {
    return viewers.size();
  }

  /** The block of the latest round: viewers right before it write it as it is. */
  RunFeed.Block latest() {
    return latest;
  }

  /** Something changed: a round will run soon, on a virtual thread of its own. */
  void wake() {
    if (state.getAndSet(DIRTY) == IDLE) {
      Thread.ofVirtual().name("pushbutton-broadcast").start(this::loop);
    }
  }

  private void loop() {
    do {
      long pause = nextRoundNanos - System.nanoTime();
      if (pause > 0) {
        sleep(pause);
      }
      state.set(RUNNING);
      long start = System.nanoTime();
      try {
        round();
      } catch (RuntimeException e) {
        LOG.error("a broadcast round failed; viewers catch up on their own", e);
      }
      long end = System.nanoTime();
      nextRoundNanos = end + (end - start) / PAUSE_DIVISOR;
    } while (!state.compareAndSet(RUNNING, IDLE));
  }

  private void round() {
    RunFeed.Block block = feed.block(lastSeq, MAX_BLOCK);
    if (block != null) {
      latest = block;
      lastSeq = block.to();
      if (lastSeq < feed.newest()) {
        state.set(DIRTY); // the block was full: another round takes the rest
      }
    }
    if (membersChanged) {
      membersChanged = false;
      members = viewers.toArray(new LiveViewer[0]);
    }
    LiveViewer[] all = members;
    long newest = feed.newest();
    Run current = feed.state();
    RunState runState = current == null ? null : current.state();
    RunReport report = current == null ? null : current.report();
    int shards = Math.min(SHARDS, Math.max(1, all.length / MIN_SHARD));
    if (shards == 1) {
      pump(all, 0, all.length, newest, runState, report);
      return;
    }
    var threads = new Thread[shards - 1];
    int size = (all.length + shards - 1) / shards;
    for (int i = 1; i < shards; i++) {
      int from = i * size;
      int to = Math.min(all.length, from + size);
      threads[i - 1] =
          Thread.ofVirtual().start(() -> pump(all, from, to, newest, runState, report));
    }
    pump(all, 0, Math.min(all.length, size), newest, runState, report);
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Pumps the viewers that have not yet been sent {@code newest}, {@code state} or {@code report}.
   */
  private static void pump(
      LiveViewer[] all, int from, int to, long newest, RunState state, RunReport report) {
    for (int i = from; i < to; i++) {
      LiveViewer viewer = all[i];
      if (viewer.lacks(newest, state, report)) {
        viewer.pump(true); // never throws: a viewer's failure ends that viewer's stream only
      }
      if ((i - from) % YIELD_EVERY == YIELD_EVERY - 1) {
        Thread.yield();
      }
    }
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
