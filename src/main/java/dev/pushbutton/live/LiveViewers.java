package dev.pushbutton.live;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Every open run stream, so that one timer can send heartbeats to the idle ones (a comment line
 * every {@code pushbutton.heartbeat} at most keeps proxies from closing a quiet connection, and
 * finds the viewers that left) and have each ask again, every {@code pushbutton.security.recheck},
 * whether its viewer may still watch.
 */
@Component
class LiveViewers implements AutoCloseable {
  private final Set<LiveViewer> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  LiveViewers(
      @Value("${pushbutton.heartbeat:15s}") Duration heartbeat,
      @Value("${pushbutton.security.recheck:30s}") Duration recheck) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pushbutton-heartbeat").daemon().factory());
    long half = Math.max(1, heartbeat.toNanos() / 2);
    timer.scheduleWithFixedDelay(
        () -> {
          long now = System.nanoTime();
          for (LiveViewer viewer : open) {
            viewer.heartbeatIfIdle(now, half);
          }
        },
        half,
        half,
        TimeUnit.NANOSECONDS);
    // The checks may look in the database: on a thread of their own, never the heartbeat's.
    timer.scheduleWithFixedDelay(
        () ->
            Thread.ofVirtual()
                .name("pushbutton-recheck")
                .start(() -> open.forEach(LiveViewer::recheck)),
        recheck.toNanos(),
        recheck.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  void add(LiveViewer viewer) {
    open.add(viewer);
  }

  void remove(LiveViewer viewer) {
    open.remove(viewer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
