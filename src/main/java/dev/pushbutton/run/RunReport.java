package dev.pushbutton.run;

import java.util.List;

/**
 * What a job reported about itself through directive lines: its headline status, how far along it
 * is, and the errors and warnings it flagged.
 *
 * @param progress percent done, 0 to 100; null when the job never said
 * @param notes the flagged errors and warnings, oldest first, at most {@link #MAX_NOTES}
 */
public record RunReport(String status, Double progress, List<Note> notes) {
  public static final int MAX_NOTES = 100;
  public static final RunReport EMPTY = new RunReport(null, null, List.of());

  public RunReport {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** One flagged line. */
  public record Note(long seq, String level, String text) {}
}
