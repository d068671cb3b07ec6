package dev.pushbutton.process;

/** What is known of a run's process: still running, ended with a code, or gone without a trace. */
public sealed interface ProcessExit {
  record Running() implements ProcessExit {}

  record Exited(int code) implements ProcessExit {}

  /** The process is gone and left no exit code (it was SIGKILLed, or the machine restarted). */
  record Vanished() implements ProcessExit {}

  ProcessExit RUNNING = new Running();
  ProcessExit VANISHED = new Vanished();
}
