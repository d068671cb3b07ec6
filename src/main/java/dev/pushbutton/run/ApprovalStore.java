package dev.pushbutton.run;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the decisions on runs that await approval are kept: one per person per run, shared by every
 * node that uses the same database. Only {@link RunApprovals} writes.
 */
public interface ApprovalStore {
  /** What became of a decision handed to {@link #record}. */
  enum Recorded {
    RECORDED,
    /** The same person had already decided on the run: nothing changed. */
    ALREADY_DECIDED,
    /** The run no longer awaits approval (or does not exist): nothing changed. */
    NOT_AWAITING
  }

  /**
   * Records the decision, in one statement, only if its run still awaits approval and its author
   * has not decided on it yet.
   */
  Recorded record(Decision decision);

  /** Every decision on the run, oldest first. */
  List<Decision> decisions(String runId);

  /** The decisions on each of these runs, oldest first; a run nobody decided on is left out. */
  Map<String, List<Decision>> decisions(Collection<String> runIds);

  /**
   * Takes back a decision that could not take effect: the run left {@code awaiting_approval}
   * another way between the decision and its effect.
   */
  void withdraw(String runId, String by);
}
