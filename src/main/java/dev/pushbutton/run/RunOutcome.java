package dev.pushbutton.run;

import dev.pushbutton.process.ProcessExit;

/** The final state a run's outcome means. */
final class RunOutcome {
  private RunOutcome() {}

  static RunState state(RunSupervisor.Outcome outcome) {
    if (outcome.stopReason() != null) {
      return outcome.stopReason();
    }
    return switch (outcome.exit()) {
      case ProcessExit.Exited exited -> exited.code() == 0 ? RunState.SUCCEEDED : RunState.FAILED;
      case ProcessExit.Vanished vanished -> RunState.LOST;
      case ProcessExit.Running running ->
          throw new IllegalStateException("the process is still running");
    };
  }
}
