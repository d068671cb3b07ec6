package dev.pushbutton.catalog;

/** What happens when a run of a job is requested while another run of it is active. */
public enum Concurrency {
  /** Runs side by side, up to the job's {@code max-parallel} (then they wait in line). */
  PARALLEL,
  /** A new run is refused while one is active. */
  SINGLE,
  /** A new run waits in line, first in first out, until the active one ends. */
  QUEUE;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
