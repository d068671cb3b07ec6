package dev.pushbutton.run;

import java.util.Set;

/**
 * A page of run history, newest first.
 *
 * @param jobId only runs of this job; null for all
 * @param state only runs in this state; null for all
 * @param before only runs older than this run id (ids sort by creation time); null to start at the
 *     newest
 * @param startedBy only runs this user started; null for all
 * @param jobIds only runs of these jobs (what the asker may see); null for any job
 */
public record RunQuery(
    String jobId, RunState state, int limit, String before, String startedBy, Set<String> jobIds) {

  public RunQuery {
    jobIds = jobIds == null ? null : Set.copyOf(jobIds);
  }

  /** The newest {@code limit} runs of one job (all of them when {@code jobId} is null). */
  public static RunQuery latest(String jobId, int limit) {
    return new RunQuery(jobId, null, limit, null, null, null);
  }

  /** The same query, for up to {@code max} runs. */
  public RunQuery withLimit(int max) {
    return new RunQuery(jobId, state, max, before, startedBy, jobIds);
  }

  /** The same page, narrowed to runs of {@code visible} jobs. */
  public RunQuery within(Set<String> visible) {
    return new RunQuery(jobId, state, limit, before, startedBy, visible);
  }
}
