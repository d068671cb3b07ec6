package dev.pushbutton.run;

/**
 * What asking a run to stop did, so the one who asked is told rather than left to guess.
 *
 * @param run the run as the stop left it
 */
public record RunStop(Run run, Effect effect) {

  public enum Effect {
    /** It had not started (it waited in line or for approval): it has ended, started nothing. */
    CANCELLED,
    /**
     * This server ends its processes: SIGTERM now (or as soon as a starting run's process exists),
     * SIGKILL after the job's kill grace.
     */
    SIGNALLED,
    /** A stop was already under way; this one changes nothing. */
    ALREADY_STOPPING,
    /**
     * Nothing on this server follows the run, so nothing could signal it: the stop is recorded with
     * the run, and carried out by the server that follows it, or re-attaches it after a restart.
     */
    RECORDED
  }
}
