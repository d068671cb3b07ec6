package dev.pushbutton.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks every {@code every} for runs whose approval did not come in time ({@link
 * RunApprovals#settleOverdue}). The deadline is each run's request time plus its job's approval
 * timeout, read from the database: nothing is scheduled in memory, so a restart neither loses a
 * deadline nor restarts its count, and every node may look (each run is ended by one of them).
 */
public final class ApprovalTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalTimer.class);

  private final RunApprovals approvals;
  private final Duration every;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("approval-timeouts").factory());

  public ApprovalTimer(RunApprovals approvals, Duration every) {
    this.approvals = approvals;
    this.every = every;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::look, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void look() {
    try {
      approvals.settleOverdue();
    } catch (RuntimeException e) {
      // A database that refuses for a while (locked, read-only) only delays a rejection; a task
      // that threw would never be scheduled again.
      LOG.warn("runs awaiting approval could not be checked for their timeout: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
