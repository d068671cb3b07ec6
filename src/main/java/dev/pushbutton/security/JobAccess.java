package dev.pushbutton.security;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.JobAllow;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunExceptions;
import dev.pushbutton.run.RunQuery;
import dev.pushbutton.run.RunService;
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
 */
public final class JobAccess {
  private final RunService runs;

  public JobAccess(RunService runs) {
    this.runs = runs;
  }

  public boolean mayView(User user, Job job) {
    JobAllow allow = job.allow();
    return user.isAdmin()
        || allow == null
        || shares(user, allow.view())
        || shares(user, allow.run());
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

  private static boolean shares(User user, Set<String> groups) {
    return !Collections.disjoint(user.groups(), groups);
  }
}
