package dev.pushbutton.run;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.output.OutputLog;
import dev.pushbutton.process.JobProcess;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles, when the server starts, every run the last server believed unfinished: an active run
 * is re-attached to its still-running process (or ended with the exit code its wrapper recorded, or
 * as lost), and a waiting run gets its place in line back. Afterwards no ghost run stays active or
 * blocks its job. A run awaiting approval is left as it is: it is only a row until someone decides,
 * and {@link ApprovalTimer} reads its deadline from the database.
 */
public final class RunRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);
  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private final RunService runs;

  public RunRecovery(RunService runs) {
    this.runs = runs;
  }

  public void recover() {
    for (Run run : runs.repository().unfinished()) {
      Job job = runs.catalog().job(run.jobId()).orElse(null);
      runs.adopt(run);
      try {
        if (run.state() == RunState.QUEUED) {
          requeue(run, job);
        } else {
          reattach(run, job);
        }
      } catch (RuntimeException e) {
        // No run may stay active with nobody following it: it would block its job for good.
        LOG.error("run {} could not be recovered", run.id(), e);
        runs.fail(
            run.id(), job, "the server could not follow it after a restart: " + e.getMessage());
      }
    }
    for (Job job : runs.catalog().jobs()) {
      startWaiting(job);
    }
  }

  private void requeue(Run run, Job job) {
    if (job == null) {
      abandon(run, "job '" + run.jobId() + "' is no longer in the catalog");
      return;
    }
    // The catalog may have changed while the server was down: the values must still fit the job.
    RunService.Resumed resumed =
        runs.resume(
            run,
            job,
            "its secret parameter values were not kept across a server restart; start it again");
    if (resumed.lost() != null) {
      abandon(run, resumed.lost());
      return;
    }
    runs.lock().lock();
    try {
      runs.gate().enqueue(job.id(), run.id());
      runs.active().waitingWith(run.id(), resumed.values());
    } finally {
      runs.lock().unlock();
    }
  }

  /** Ends a waiting run that cannot start any more, and deletes what it kept of its secrets. */
  private void abandon(Run run, String why) {
    runs.fail(run.id(), null, why);
    runs.forgetSecrets(run.id());
  }

  private void startWaiting(Job job) {
    while (true) {
      String next;
      runs.lock().lock();
      try {
        next = runs.gate().next(job).orElse(null);
      } finally {
        runs.lock().unlock();
      }
      if (next == null) {
        return;
      }
      runs.startWaiting(next, job);
    }
  }

  private void reattach(Run run, Job job) {
    OutputLog log = runs.outputs().openForWriting(run.id());
    JobProcess process = runs.launcher().reattach(run.id(), run.pid(), log.directory());
    Duration grace = job == null ? DEFAULT_GRACE : job.killGrace();
    RunSupervisor supervisor;
    runs.lock().lock();
    try {
      runs.gate().started(run.jobId(), run.id());
      supervisor = runs.supervisorFor(run.id(), grace);
    } finally {
      runs.lock().unlock();
    }
    Run current = run;
    if (run.state() == RunState.STARTING && process.pid() > 0) {
      current = runs.update(run.id(), r -> r.started(process.pid(), runs.now()));
    }
    supervisor.attach(process);
    if (run.stopRequest() != null) {
      // The last server was killing it: finish the job, including any straggler left in its
      // session.
      supervisor.requestStop(run.stopRequest());
    }
    if (job != null && job.timeout() != null && current.startedAt() != null) {
      Instant deadline = current.startedAt().plus(job.timeout());
      runs.scheduleTimeout(run.id(), Duration.between(runs.now(), deadline));
    }
    LOG.info("re-attached run {} of job {} (process {})", run.id(), run.jobId(), process.pid());
    Thread.ofVirtual()
        .name("run-" + run.id())
        .start(() -> runs.follow(run.id(), job, supervisor, log, process, null));
  }
}
