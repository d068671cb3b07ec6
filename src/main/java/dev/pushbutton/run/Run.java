package dev.pushbutton.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a job, as recorded.
 *
 * @param params the parameter values with secrets masked: what may be stored and shown
 * @param pid the process id of the run's wrapper once started (also its session id)
 * @param stopRequest why the run is being stopped ({@link RunState#KILLED} or {@link
 *     RunState#TIMED_OUT}), kept so the outcome is right even when the server restarts mid-kill
 * @param report what the job said about itself through directive lines (status, progress, notes)
 * @param startedBy the name of the user who asked for the run
 * @param killedBy the name of the user who killed it; null unless it was killed on request
 * @param reason why the user asked for the run, in their words; null when they gave none
 */
public record Run(
    String id,
    String jobId,
    RunState state,
    Integer exitCode,
    Map<String, String> params,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String error,
    Long pid,
    RunState stopRequest,
    RunReport report,
    String startedBy,
    String killedBy,
    String reason) {

  public Run {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    report = report == null ? RunReport.EMPTY : report;
  }

  public static Run created(
      String id,
      String jobId,
      RunState state,
      Map<String, String> params,
      Instant at,
      String startedBy) {
    return created(id, jobId, state, params, at, startedBy, null);
  }

  public static Run created(
      String id,
      String jobId,
      RunState state,
      Map<String, String> params,
      Instant at,
      String startedBy,
      String reason) {
    return new Run(
        id, jobId, state, null, params, at, null, null, null, null, null, null, startedBy, null,
        reason);
  }

  /** This run in its next state; refuses a transition {@link RunState} does not allow. */
  Run moveTo(RunState next) {
    if (!state.canBecome(next)) {
      throw new IllegalStateException("run " + id + " cannot go from " + state + " to " + next);
    }
    return new Run(
        id,
        jobId,
        next,
        exitCode,
        params,
        createdAt,
        startedAt,
        finishedAt,
        error,
        pid,
        stopRequest,
        report,
        startedBy,
        killedBy,
        reason);
  }

  Run started(long processId, Instant at) {
    Run running = moveTo(RunState.RUNNING);
    return new Run(
        id,
        jobId,
        running.state,
        exitCode,
        params,
        createdAt,
        at,
        finishedAt,
        error,
        processId,
        stopRequest,
        report,
        startedBy,
        killedBy,
        reason);
  }

  Run finished(RunState end, Integer code, String why, Instant at) {
    Run done = moveTo(end);
    return new Run(
        id,
        jobId,
        done.state,
        code,
        params,
        createdAt,
        startedAt,
        at,
        why,
        pid,
        stopRequest,
        report,
        startedBy,
        killedBy,
        reason);
  }

  /**
   * This run asked to stop for {@code why}; {@code by} names who killed it (null for a timeout).
   */
  Run stopping(RunState why, String by) {
    return new Run(
        id,
        jobId,
        state,
        exitCode,
        params,
        createdAt,
        startedAt,
        finishedAt,
        error,
        pid,
        why,
        report,
        startedBy,
        by,
        reason);
  }

  /** This run with {@code why} as its error: a later word on how it went. */
  Run explained(String why) {
    return new Run(
        id,
        jobId,
        state,
        exitCode,
        params,
        createdAt,
        startedAt,
        finishedAt,
        why,
        pid,
        stopRequest,
        report,
        startedBy,
        killedBy,
        reason);
  }

  Run reporting(RunReport latest) {
    return new Run(
        id,
        jobId,
        state,
        exitCode,
        params,
        createdAt,
        startedAt,
        finishedAt,
        error,
        pid,
        stopRequest,
        latest,
        startedBy,
        killedBy,
        reason);
  }
}
