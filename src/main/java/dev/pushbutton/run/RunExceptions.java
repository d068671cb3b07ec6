package dev.pushbutton.run;

/** Why a request about runs was refused; each maps to one HTTP status at the edge. */
public final class RunExceptions {
  private RunExceptions() {}

  /** No job with that id in the catalog. */
  public static final class JobNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobNotFound(String jobId) {
      super("There is no job '" + jobId + "' in the catalog.");
    }
  }

  /** No run with that id. */
  public static final class RunNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunNotFound(String runId) {
      super("There is no run '" + runId + "'.");
    }
  }

  /**
   * Nobody may do this, whatever their rights: the one who asked for a run approving or rejecting
   * it themselves (four eyes need two people).
   */
  public static final class NotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotAllowed(String message) {
      super(message);
    }
  }

  /**
   * The request conflicts with the run's or job's current state (a single job busy, a finished
   * run).
   */
  public static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message);
    }
  }
}
