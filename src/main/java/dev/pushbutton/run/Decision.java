package dev.pushbutton.run;

import java.time.Instant;

/**
 * One person's approval or rejection of a run that awaited it. A person decides once per run.
 *
 * @param by the user name of who decided
 * @param comment what they said with it; null for nothing
 */
public record Decision(String runId, String by, Verdict verdict, String comment, Instant at) {
  public boolean approved() {
    return verdict == Verdict.APPROVED;
  }
}
