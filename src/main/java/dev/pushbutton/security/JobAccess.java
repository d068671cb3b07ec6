package dev.pushbutton.security;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.JobAllow;
import dev.pushbutton.catalog.JobApproval;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunApprovals;
import dev.pushbutton.run.RunExceptions;
import dev.pushbutton.run.RunQuery;
import dev.pushbutton.run.RunService;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that decides who may see and run which job, asked by the API, the pages and the
 * event streams alike. Admins see and run everything. A job without {@code allow} is seen by every
 * signed-in user and run by every operator; with it, by members of its groups ({@code run} implies
 * {@code view}), and run only by operators among them. A run whose job has left the catalog is seen
 * by admins only.
 *
 * <p>Whoever may not see a job learns nothing of it: every refusal to see is the very same "not
 * found" that an id nobody ever used gets.
 *
 * <p>Four eyes: a job's {@code approval} names the groups whose members may approve or reject its
 * runs (and so see the job and its runs, as {@code run} groups do). Only they may, whatever their
 * role, and admins only when they are members too: an admin's rights are not a second pair of eyes.
 * Nobody may decide on a run they asked for themselves.
 */
public final class JobAccess {
  private final RunService runs;
  private final UserStore users;

  public JobAccess(RunService runs, UserStore users) {
    this.runs = runs;
    this.users = users;
  }

  public boolean mayView(User user, Job job) {
    JobAllow allow = job.allow();
    return user.isAdmin()
        || allow == null
        || shares(user, allow.view())
        || shares(user, allow.run())
        || (job.approval() != null && shares(user, job.approval().groups()));
  }

  public boolean mayRun(User user, Job job) {
    if (user.isAdmin()) {
      return true;
    }
    JobAllow allow = job.allow();
    return user.role() == Role.OPERATOR && (allow == null || shares(user, allow.run()));
  }

  /** Whether {@code user} may see the job {@code jobId} and its runs. */
  public boolean mayView(User user, String jobId) {
    return runs.catalog().job(jobId).map(job -> mayView(user, job)).orElse(user.isAdmin());
  }

  /** Whether {@code user} may run the job {@code jobId}, and kill its runs. */
  public boolean mayRun(User user, String jobId) {
    return runs.catalog().job(jobId).map(job -> mayRun(user, job)).orElse(user.isAdmin());
  }

  /** The jobs {@code user} may see, in catalog order. */
  public List<Job> jobs(User user) {
    return runs.catalog().jobs().stream().filter(job -> mayView(user, job)).toList();
  }

  /** The job, if {@code user} may see it; otherwise the same refusal as for a job that is not. */
  public Job job(User user, String jobId) {
    Job job = runs.job(jobId);
    if (!mayView(user, job)) {
      throw new RunExceptions.JobNotFound(jobId);
    }
    return job;
  }

  /** The job, if {@code user} may run it; {@link SecurityExceptions.Forbidden} if only see it. */
  public Job jobToRun(User user, String jobId) {
    Job job = job(user, jobId);
    if (!mayRun(user, job)) {
      throw new SecurityExceptions.Forbidden("You may see this job but not run it.");
    }
    return job;
  }

  /**
   * The run, if {@code user} may see its job; empty alike for no such run and one they may not see.
   */
  public Optional<Run> findRun(User user, String runId) {
    return runs.find(runId).filter(run -> mayView(user, run.jobId()));
  }

  /** The run, if {@code user} may see its job; otherwise the same refusal as for no such run. */
  public Run run(User user, String runId) {
    return findRun(user, runId).orElseThrow(() -> new RunExceptions.RunNotFound(runId));
  }

  /** The run, if {@code user} may kill it (may run its job). */
  public Run runToKill(User user, String runId) {
    Run run = run(user, runId);
    if (!mayRun(user, run.jobId())) {
      throw new SecurityExceptions.Forbidden("You may see this run but not kill it.");
    }
    return run;
  }

  /**
   * Whether {@code user} may approve or reject runs of the job: a member of one of its approval
   * groups (who may therefore see it). Admins are no exception: they approve only as members.
   */
  public boolean mayApprove(User user, Job job) {
    JobApproval approval = job.approval();
    return approval != null && shares(user, approval.groups());
  }

  /**
   * Whether {@code user} may decide on this run: they may approve its job's runs and did not ask
   * for it themselves. Says nothing of whether the run still awaits a decision.
   */
  public boolean mayDecide(User user, Run run) {
    return !user.username().equals(run.startedBy())
        && runs.catalog().job(run.jobId()).map(job -> mayApprove(user, job)).orElse(false);
  }

  /**
   * The run, if {@code user} may approve or reject it: not found when they may not see it, {@link
   * SecurityExceptions.Forbidden} when they asked for it or are not among its job's approvers.
   */
  public Run runToDecide(User user, String runId) {
    Run run = run(user, runId);
    if (user.username().equals(run.startedBy())) {
      throw new SecurityExceptions.Forbidden(RunApprovals.OWN_RUN);
    }
    if (!mayDecide(user, run)) {
      String groups =
          runs.catalog()
              .job(run.jobId())
              .map(Job::approval)
              .map(approval -> " only members of " + String.join(", ", approval.groups()) + " may")
              .orElse(" its job asks for no approval");
      throw new SecurityExceptions.Forbidden(
          "You may see this run but not approve or reject it:" + groups + ".");
    }
    return run;
  }

  /**
   * The user names of those who may still decide on the run: its job's approvers, but not the one
   * who asked for it nor those who have decided already. By name.
   */
  public List<String> mayStillDecide(Run run, Set<String> decided) {
    return users.list().stream()
        .filter(user -> mayDecide(user, run))
        .map(User::username)
        .filter(name -> !decided.contains(name))
        .toList();
  }

  /** A page of history, narrowed to the runs {@code user} may see. */
  public List<Run> history(User user, RunQuery query) {
    if (user.isAdmin()) {
      return runs.list(query);
    }
    Set<String> visible = jobs(user).stream().map(Job::id).collect(Collectors.toSet());
    return runs.list(query.within(visible));
  }

  public void requireAdmin(User user) {
    if (!user.isAdmin()) {
      throw new SecurityExceptions.Forbidden("Only an admin may do this.");
    }
  }

  private static boolean shares(User user, Collection<String> groups) {
    return !Collections.disjoint(user.groups(), groups);
  }
}
