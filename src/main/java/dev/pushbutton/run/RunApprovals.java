package dev.pushbutton.run;

import dev.pushbutton.catalog.BoundParameters;
import dev.pushbutton.catalog.DurationText;
import dev.pushbutton.catalog.FreeText;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.JobApproval;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Four eyes: the decisions on runs that await approval, and what they lead to. A run of a job with
 * an {@code approval} is recorded {@code awaiting_approval} by {@link RunService}; once {@code
 * count} people other than its requester have approved it, it goes to {@code queued} or {@code
 * starting} as its job's concurrency decides at that moment; a rejection, or its job's approval
 * timeout passing since it was asked for, ends it {@code rejected}.
 *
 * <p>Every node may decide on every run: each decision is kept in the database ({@link
 * ApprovalStore}, one per person per run), and every move out of {@code awaiting_approval} is
 * conditional there, so of two nodes moving the same run (two last approvals at once, an approval
 * and a rejection, a rejection and the timeout) exactly one does. Who may decide is not asked here:
 * {@code security}'s JobAccess says that; this only refuses what nobody may do, deciding on one's
 * own run.
 */
public final class RunApprovals {
  private static final Logger LOG = LoggerFactory.getLogger(RunApprovals.class);

  /** The longest comment kept with a decision, in characters (Unicode code points). */
  public static final int MAX_COMMENT = 500;

  /** The name of the comment in the API's body and its refusals. */
  public static final String COMMENT_FIELD = "comment";

  public static final String OWN_RUN = "You asked for this run: someone else must approve it.";

  private static final int PAGE = 500;

  private final RunService runs;
  private final ApprovalStore store;
  private final Clock clock;

  public RunApprovals(RunService runs, ApprovalStore store, Clock clock) {
    this.runs = runs;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Records {@code by}'s approval; when it is the last one needed, lets the run go.
   *
   * @return the run as the approval left it
   * @throws RunExceptions.NotAllowed when {@code by} asked for the run
   * @throws RunExceptions.Conflict when the run no longer awaits approval, {@code by} has decided
   *     on it already, or it is the last approval and the run cannot start now (a {@code single}
   *     job with a run active): the approval is not kept then
   */
  public Run approve(String runId, String by, String comment) {
    String said = comment(comment);
    Run run = awaiting(runId, by);
    JobApproval rule = rule(run);
    record(new Decision(runId, by, Verdict.APPROVED, said, now()));
    long approvals = store.decisions(runId).stream().filter(Decision::approved).count();
    Run result = run;
    Runnable launch = () -> {};
    if (approvals >= rule.count()) {
      try {
        Admitted admitted = admit(run);
        result = admitted.run();
        launch = admitted.launch();
      } catch (RunExceptions.Conflict e) {
        Run now = runs.run(runId);
        if (!leftByApproval(now)) {
          store.withdraw(runId, by); // it did not take effect: the run goes on as it is
          throw now.state() == RunState.AWAITING_APPROVAL
              ? new RunExceptions.Conflict(
                  "This run cannot start now: "
                      + e.getMessage()
                      + " Approve it again once that run has ended.")
              : e;
        }
        result = now; // another approval let it go at the same moment; this one counts as well
      }
    }
    runs.events().onRunEvent(new RunEvent.RunApproved(result, by, said));
    launch.run(); // after the approval is told: its RunStarted follows it
    return result;
  }

  /**
   * A run let go by its last approval, and what launches its process (nothing, unless it is
   * starting).
   */
  record Admitted(Run run, Runnable launch) {}

  /**
   * Records {@code by}'s rejection, and ends the run {@code rejected} without starting it.
   *
   * @throws RunExceptions.NotAllowed when {@code by} asked for the run
   * @throws RunExceptions.Conflict when the run no longer awaits approval or {@code by} has decided
   *     on it already
   */
  public Run reject(String runId, String by, String comment) {
    String said = comment(comment);
    Run run = awaiting(runId, by);
    record(new Decision(runId, by, Verdict.REJECTED, said, now()));
    Run ended;
    try {
      ended =
          endAwaiting(
              run, RunState.REJECTED, "rejected by " + by + (said == null ? "" : ": " + said));
    } catch (RunExceptions.Conflict e) {
      store.withdraw(runId, by);
      throw e;
    }
    runs.events().onRunEvent(new RunEvent.RunRejected(ended, by, said));
    return ended;
  }

  /** Every decision on the run, oldest first. */
  public List<Decision> decisions(String runId) {
    return store.decisions(runId);
  }

  /** The decisions on each of these runs, oldest first; runs nobody decided on are left out. */
  public Map<String, List<Decision>> decisions(Collection<String> runIds) {
    return store.decisions(runIds);
  }

  /** How many more approvals the run needs to go; 0 when its job asks for none. */
  public int stillNeeded(Run run, List<Decision> decisions) {
    JobApproval rule = runs.catalog().job(run.jobId()).map(Job::approval).orElse(null);
    if (rule == null) {
      return 0;
    }
    return (int) Math.max(0, rule.count() - decisions.stream().filter(Decision::approved).count());
  }

  /**
   * Ends every run whose approval did not come in time ({@code rejected}, "no approval within 24
   * h", counted from when it was asked for, across restarts), and fails those that can no longer
   * start (their job left the catalog or no longer asks for approval). Every node may do this at
   * once: each run is ended by one of them.
   *
   * @return how many runs it ended
   */
  public int settleOverdue() {
    long listedAt = System.nanoTime();
    Instant now = clock.instant();
    List<Run> awaiting = allAwaiting();
    Set<String> ids = new HashSet<>();
    awaiting.forEach(run -> ids.add(run.id()));
    // Decided on another node: this one's copy of their secrets is of no more use.
    runs.active().keepAwaitingOnly(ids, listedAt).forEach(runs::forgetSecrets);
    int ended = 0;
    for (Run run : awaiting) {
      try {
        if (settle(run, now)) {
          ended++;
        }
      } catch (RunExceptions.Conflict decidedMeanwhile) {
        // someone (or another node) moved it first
      }
    }
    return ended;
  }

  private boolean settle(Run run, Instant now) {
    Job job = runs.catalog().job(run.jobId()).orElse(null);
    if (job == null) {
      endAwaiting(run, RunState.FAILED, "job '" + run.jobId() + "' is no longer in the catalog");
      return true;
    }
    if (job.approval() == null) {
      endAwaiting(run, RunState.FAILED, "its job no longer asks for approval; start it again");
      return true;
    }
    if (run.createdAt().plus(job.approval().timeout()).isAfter(now)) {
      return false;
    }
    Run ended =
        endAwaiting(
            run,
            RunState.REJECTED,
            "no approval within " + DurationText.words(job.approval().timeout()));
    LOG.info("run {} of job {}: {}", run.id(), run.jobId(), ended.error());
    runs.events().onRunEvent(new RunEvent.RunRejected(ended, null, null));
    return true;
  }

  private List<Run> allAwaiting() {
    var all = new ArrayList<Run>();
    String before = null;
    while (true) {
      List<Run> page =
          runs.list(new RunQuery(null, RunState.AWAITING_APPROVAL, PAGE, before, null, null));
      all.addAll(page);
      if (page.size() < PAGE) {
        return all;
      }
      before = page.getLast().id();
    }
  }

  /**
   * Lets an approved run go: to {@code starting} (its process then starts as any run's does) or
   * {@code queued}, as its job's concurrency decides at this moment. The move out of {@code
   * awaiting_approval} is conditional in the database, so of two nodes letting the same run go, one
   * does and the other gets {@link RunExceptions.Conflict}. So does a {@code single} job that has a
   * run active now (the run goes on awaiting). A run that can no longer start (its job has left the
   * catalog, its secret values were lost) fails instead.
   */
  Admitted admit(Run run) {
    Job job = runs.catalog().job(run.jobId()).orElse(null);
    if (job == null) {
      return new Admitted(
          endAwaiting(
              run, RunState.FAILED, "job '" + run.jobId() + "' is no longer in the catalog"),
          () -> {});
    }
    BoundParameters values = runs.active().takeAwaiting(run.id());
    if (values == null) {
      // This server did not take the request (or has restarted since): bind what was stored.
      RunService.Resumed resumed =
          runs.resume(
              run,
              job,
              "its secret parameter values were not kept (another server took the request); start"
                  + " it again");
      if (resumed.lost() != null) {
        return new Admitted(endAwaiting(run, RunState.FAILED, resumed.lost()), () -> {});
      }
      values = resumed.values();
    }
    Run moved;
    runs.lock().lock();
    try {
      try {
        boolean now = runs.gate().admit(job);
        moved = run.moveTo(now ? RunState.STARTING : RunState.QUEUED);
        if (!runs.repository().updateIfState(moved, RunState.AWAITING_APPROVAL)) {
          throw new RunExceptions.Conflict(noLongerAwaiting(run.id()));
        }
      } catch (RuntimeException e) {
        runs.active().awaitingWith(run.id(), values); // it still awaits: keep what it needs
        throw e;
      }
      runs.hold(moved, job, values);
    } finally {
      runs.lock().unlock();
    }
    runs.announce(moved);
    BoundParameters bound = values;
    return new Admitted(
        moved,
        moved.state() == RunState.STARTING ? () -> runs.launchLater(moved, job, bound) : () -> {});
  }

  /**
   * Ends a run that awaits approval without starting it, if it still awaits (conditional in the
   * database); {@link RunExceptions.Conflict} if it does not.
   */
  Run endAwaiting(Run run, RunState end, String why) {
    Run ended = run.finished(end, null, why, runs.now());
    if (!runs.repository().updateIfState(ended, RunState.AWAITING_APPROVAL)) {
      throw new RunExceptions.Conflict(noLongerAwaiting(run.id()));
    }
    runs.active().takeAwaiting(run.id());
    runs.forgetSecrets(run.id());
    runs.announce(ended);
    return ended;
  }

  /** The run, if it awaits approval and {@code by} is not the one who asked for it. */
  private Run awaiting(String runId, String by) {
    Run run = runs.run(runId);
    if (by.equals(run.startedBy())) {
      throw new RunExceptions.NotAllowed(OWN_RUN);
    }
    if (run.state() != RunState.AWAITING_APPROVAL) {
      throw new RunExceptions.Conflict(noLongerAwaiting(run));
    }
    return run;
  }

  private JobApproval rule(Run run) {
    return runs.catalog()
        .job(run.jobId())
        .map(Job::approval)
        .orElseThrow(() ->
            new RunExceptions.Conflict(
                "Run " + run.id() + " cannot be approved: its job no longer asks for approval."));
  }

  private void record(Decision decision) {
    switch (store.record(decision)) {
      case RECORDED -> {}
      case ALREADY_DECIDED ->
          throw new RunExceptions.Conflict(
              "You have already decided on this run: each person decides once.");
      case NOT_AWAITING ->
          throw new RunExceptions.Conflict(noLongerAwaiting(runs.run(decision.runId())));
    }
  }

  /**
   * Whether a run no longer awaiting approval left by being approved (and then went its way), as
   * opposed to being rejected or cancelled.
   */
  private static boolean leftByApproval(Run run) {
    return switch (run.state()) {
      case AWAITING_APPROVAL, REJECTED -> false;
      case KILLED -> !RunService.CANCELLED_AWAITING.equals(run.error());
      default -> true;
    };
  }

  /** A comment as it is kept: without surrounding blanks, null when empty. */
  private static String comment(String given) {
    return FreeText.kept(given, COMMENT_FIELD, MAX_COMMENT);
  }

  static String noLongerAwaiting(String runId) {
    return "Run " + runId + " no longer awaits approval.";
  }

  private static String noLongerAwaiting(Run run) {
    String state =
        switch (run.state()) {
          case REJECTED -> "it was rejected";
          case KILLED -> "it was cancelled";
          case AWAITING_APPROVAL -> "it still does";
          default -> "it was approved (it is " + run.state().apiName() + " now)";
        };
    return "This run no longer awaits approval: " + state + ".";
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
