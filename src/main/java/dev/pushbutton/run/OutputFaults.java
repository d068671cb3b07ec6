package dev.pushbutton.run;

/** What a run's {@code error} says when its output could not always be stored. */
final class OutputFaults {
  private OutputFaults() {}

  /**
   * @param end the run's final state
   * @param fault the first fault met while storing its output, in words; null when none
   * @param stored whether all of its output is stored by now
   * @return the run's error, or null when there is nothing to say
   */
  static String why(RunState end, String fault, boolean stored) {
    if (end == RunState.LOST) {
      return "the process ended without recording an exit code"
          + (fault == null ? "" : ", probably because " + fault);
    }
    if (fault == null) {
      return null;
    }
    if (!stored) {
      return "the end of its output is not stored yet, and will be once this is fixed: " + fault;
    }
    return "while it ran, the data directory could not take all of its output: "
        + fault
        + ". What the job printed then may be missing from its output.";
  }
}
