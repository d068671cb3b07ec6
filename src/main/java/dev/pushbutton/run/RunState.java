package dev.pushbutton.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The states of a run and the only transitions allowed between them. */
public enum RunState {
  /**
   * Recorded, not started: its job needs approval (four eyes) and it waits for it. It holds no slot
   * of its job's concurrency until it is approved.
   */
  AWAITING_APPROVAL,
  QUEUED,
  STARTING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED,
  TIMED_OUT,
  LOST,
  /** Ended without starting: someone rejected it, or no approval came in time. */
  REJECTED;

  private static final Set<RunState> TERMINAL =
      EnumSet.of(SUCCEEDED, FAILED, KILLED, TIMED_OUT, LOST, REJECTED);

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  /**
   * The legal transitions. An approved run goes to {@code queued} or {@code starting}, as its job's
   * concurrency decides then; a rejection or a timeout ends it {@code rejected}; a cancel {@code
   * killed}; it fails when it can no longer be started (its job left the catalog, its secret values
   * were lost with a restart).
   */
  public boolean canBecome(RunState next) {
    return switch (this) {
      case AWAITING_APPROVAL ->
          next == QUEUED
              || next == STARTING
              || next == REJECTED
              || next == KILLED
              || next == FAILED;
      case QUEUED -> next == STARTING || next == KILLED || next == FAILED;
      case STARTING -> (next == RUNNING || next.isTerminal()) && next != REJECTED;
      case RUNNING -> next.isTerminal() && next != REJECTED;
      default -> false;
    };
  }

  /** The name used in the API and the database: {@code timed_out}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state with that API name, or null. */
  public static RunState fromApiName(String name) {
    for (RunState state : values()) {
      if (state.apiName().equals(name)) {
        return state;
      }
    }
    return null;
  }
}
