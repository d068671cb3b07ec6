package dev.pushbutton.run;

import java.util.List;
import java.util.Optional;

/** Where runs are recorded. Only {@link RunService} writes. */
public interface RunRepository {
  void insert(Run run);

  void update(Run run);

  /**
   * Writes the run only if its stored state is still {@code expected}, in one statement, so that of
   * two nodes moving a run out of the same state only one succeeds.
   *
   * @return whether it was written
   */
  boolean updateIfState(Run run, RunState expected);

  Optional<Run> find(String id);

  List<Run> list(RunQuery query);

  /**
   * Runs queued, starting or running, oldest first: what a starting server must reconcile. Runs
   * awaiting approval are not among them: they hold nothing to reconcile.
   */
  List<Run> unfinished();
}
