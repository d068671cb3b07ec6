package dev.pushbutton.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The states of a run and the only transitions allowed between them. */
public enum RunState {
  QUEUED,
  STARTING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED,
  TIMED_OUT,
  LOST;

  private static final Set<RunState> TERMINAL =
      EnumSet.of(SUCCEEDED, FAILED, KILLED, TIMED_OUT, LOST);

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  public boolean canBecome(RunState next) {
    return switch (this) {
      case QUEUED -> next == STARTING || next == KILLED || next == FAILED;
      case STARTING -> next == RUNNING || next.isTerminal();
      case RUNNING -> next.isTerminal();
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
