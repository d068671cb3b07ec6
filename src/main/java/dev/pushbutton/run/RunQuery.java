package dev.pushbutton.run;

/**
 * A page of run history, newest first.
 *
 * @param jobId only runs of this job; null for all
 * @param state only runs in this state; null for all
 * @param before only runs older than this run id (ids sort by creation time); null to start at the
 *     newest
 */
public record RunQuery(String jobId, RunState state, int limit, String before) {}
