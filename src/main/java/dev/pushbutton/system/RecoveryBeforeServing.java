package dev.pushbutton.system;

import dev.pushbutton.run.ApprovalTimer;
import dev.pushbutton.run.RunRecovery;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Takes up the runs a previous server left unfinished before the web server opens its port, so that
 * nothing is served before the server knows its runs. Were requests served first, a {@code single}
 * job whose run survived the restart would take a second run, a new run of a {@code queue} job
 * would jump ahead of the stored line, and a kill would be written with nothing to act on it and
 * then overwritten by the recovered copy. Until recovery is done the port is closed: a client or a
 * load balancer sees a server that is not up yet, and tries again.
 *
 * <p>Runs awaiting approval need no recovery (they are only rows until someone decides, and their
 * deadlines are read from the database): their timer starts here too, once the rest is known.
 */
final class RecoveryBeforeServing implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryBeforeServing.class);

  /**
   * For tests only: holds recovery back this long (a Java system property, in milliseconds), so a
   * test can knock on the port while it is under way.
   */
  static final String PAUSE_PROPERTY = "pushbutton.test.recovery-pause-ms";

  private final RunRecovery recovery;
  private final ApprovalTimer approvalTimer;
  private final AtomicBoolean recovered = new AtomicBoolean();
  private volatile boolean running;

  RecoveryBeforeServing(RunRecovery recovery, ApprovalTimer approvalTimer) {
    this.recovery = recovery;
    this.approvalTimer = approvalTimer;
  }

  /**
   * Once per server: a context stopped and started again (Spring's test framework pauses the
   * contexts it is not using) already follows its runs.
   */
  @Override
  public void start() {
    running = true;
    if (!recovered.compareAndSet(false, true)) {
      return;
    }
    pauseForTests();
    long began = System.nanoTime();
    recovery.recover();
    approvalTimer.start();
    LOG.info(
        "runs left by the last server taken up in {} ms; serving now",
        Duration.ofNanos(System.nanoTime() - began).toMillis());
  }

  private static void pauseForTests() {
    long pause = Long.getLong(PAUSE_PROPERTY, 0);
    if (pause > 0) {
      LOG.warn("recovery held back {} ms ({} is set)", pause, PAUSE_PROPERTY);
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void stop() {
    running = false; // the engine and the timer are closed with their beans
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Just before the web server starts (lifecycles start in ascending phase). */
  @Override
  public int getPhase() {
    return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
  }
}
