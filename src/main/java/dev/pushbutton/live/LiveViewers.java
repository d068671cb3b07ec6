package dev.pushbutton.live;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every open run stream, so that one timer can send heartbeats to the idle ones (a comment line
 * every {@code pushbutton.heartbeat} at most keeps proxies from closing a quiet connection, and
 * finds the viewers that left) and have each ask again, every {@code pushbutton.security.recheck},
 * whether its viewer may still watch.
 *
 * <p>When the server stops, every stream (these and {@code /api/events}) is ended first, before the
 * web server's graceful shutdown waits for the requests under way: an event stream never ends by
 * itself, so that wait would last its whole timeout. Their viewers reconnect and resume, after the
 * restart or on another node; the runs go on.
 */
@Component
class LiveViewers implements AutoCloseable, SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(LiveViewers.class);

  /** How long stopping waits for the ended streams to be done with their connections. */
  private static final Duration LETTING_GO = Duration.ofSeconds(1);

  private final Set<LiveViewer> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private final RunChanges changes;
  private volatile boolean running;

  LiveViewers(
      RunChanges changes,
      @Value("${pushbutton.heartbeat:15s}") Duration heartbeat,
      @Value("${pushbutton.security.recheck:30s}") Duration recheck) {
    this.changes = changes;
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
    // The checks may look in the database: on a thread of their own, never the heartbeat's. Twice
    // per recheck, with answers kept a quarter of it at most, a stream whose session ended or whose
    // viewer's rights changed ends within one recheck of the change.
    long every = Math.max(1, recheck.toNanos() / 2);
    timer.scheduleWithFixedDelay(
        () ->
            Thread.ofVirtual()
                .name("pushbutton-recheck")
                .start(() -> open.forEach(LiveViewer::recheck)),
        every,
        every,
        TimeUnit.NANOSECONDS);
  }

  void add(LiveViewer viewer) {
    open.add(viewer);
  }

  void remove(LiveViewer viewer) {
    open.remove(viewer);
  }

  @Override
  public void start() {
    changes.open(); // after a stop, when a stopped context is started again (tests pause them)
    running = true;
  }

  /** Ends every event stream at once, and waits a moment for them to let their connections go. */
  @Override
  public void stop() {
    running = false;
    changes.close();
    int ended = open.size();
    open.forEach(LiveViewer::endNow);
    long deadline = System.nanoTime() + LETTING_GO.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    LOG.info("stopping: {} run streams and every change stream ended", ended);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stopped before the web server's graceful shutdown (lifecycles stop in descending phase), which
   * would otherwise wait for these streams until its timeout.
   */
  @Override
  public int getPhase() {
    return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
