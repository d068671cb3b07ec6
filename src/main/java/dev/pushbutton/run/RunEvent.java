package dev.pushbutton.run;

/**
 * What people did with runs and what came of it, for whoever keeps a record (the audit trail). Each
 * is told once, by the node that made the change, right after the change is stored and on the
 * thread that made it: a listener on a request's thread can still read that request (the caller's
 * address, say). Each carries the run as it was just stored.
 */
public sealed interface RunEvent {
  Run run();

  /** Someone asked for a run; it is recorded (waiting for approval, in line, or starting). */
  record RunRequested(Run run) implements RunEvent {}

  /** The run's process started (on the run's own thread: no request is behind it). */
  record RunStarted(Run run) implements RunEvent {}

  /**
   * Someone asked to kill the run (or cancel it while it waited), or its time limit ran out.
   *
   * @param by who asked; null for a timeout
   */
  record RunStopRequested(Run run, String by) implements RunEvent {}

  /**
   * Someone approved a run that awaited approval; the run is as the approval left it: still
   * awaiting more approvals, or queued or starting.
   *
   * @param comment what they said with it; null for nothing
   */
  record RunApproved(Run run, String by, String comment) implements RunEvent {}

  /**
   * A run that awaited approval was rejected, and so ended without starting.
   *
   * @param by who rejected it; null when no approval came in time
   * @param comment what they said with it; null for nothing (and for a timeout)
   */
  record RunRejected(Run run, String by, String comment) implements RunEvent {}
}
