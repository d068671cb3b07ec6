package dev.pushbutton.run;

import java.util.List;
import java.util.Optional;

/** Where runs are recorded. Only {@link RunService} writes. */
public interface RunRepository {
  void insert(Run run);

  void update(Run run);

  Optional<Run> find(String id);

  List<Run> list(RunQuery query);

  /** Runs not yet in a final state, oldest first: what a starting server must reconcile. */
  List<Run> unfinished();
}
