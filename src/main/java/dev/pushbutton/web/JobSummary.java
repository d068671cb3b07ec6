package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.run.Run;

/**
 * A job on the catalog page, with its latest run (null when it never ran) and whether the viewer
 * may run it (else it has no Run button).
 */
public record JobSummary(Job job, Run lastRun, boolean canRun) {

  /**
   * Whether the Run button can start it at once: nothing to fill in (no parameter, no reason asked
   * for) and nothing to confirm.
   */
  public boolean startsDirectly() {
    return job.params().isEmpty() && job.confirm() == null && !job.reason().asks();
  }
}
