package dev.pushbutton.output;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The last line a run printed on one stream, as a person would read it: colour codes dropped, a
 * line redrawn with carriage returns shown as it ended, directive lines and blank lines skipped. It
 * is what a failed run's outcome quotes when the job flagged no error itself.
 */
public final class LastLine {
  /** How far back to look: a failing job's complaint is near its end. */
  static final int CHUNKS = 2_000;

  static final int MAX_LENGTH = 300;
  private static final Pattern ESCAPES =
      Pattern.compile(
          "\u001B(\\[[0-9;?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(\u0007|\u001B\\\\)|[@-Z\\\\-_])");

  private LastLine() {}

  public static Optional<String> of(OutputStore outputs, String runId, StdStream stream) {
    OutputLog log = outputs.log(runId);
    try (OutputReader tail = log.reader(Math.max(0, log.lastSeq() - CHUNKS))) {
      String found = null;
      for (List<OutputChunk> chunks = tail.next(CHUNKS);
          !chunks.isEmpty();
          chunks = tail.next(CHUNKS)) {
        for (OutputChunk chunk : chunks) {
          if (chunk.stream() == stream) {
            String line = readable(chunk.text());
            if (!line.isEmpty() && !line.startsWith("::")) {
              found = line;
            }
          }
        }
      }
      return Optional.ofNullable(found);
    }
  }

  /**
   * The line as a terminal would leave it, without escapes, trimmed and cut to a sentence's size.
   */
  static String readable(String text) {
    String plain = ESCAPES.matcher(text).replaceAll("");
    String trimmed = plain.strip();
    int redrawn = trimmed.lastIndexOf('\r');
    String shown = (redrawn < 0 ? trimmed : trimmed.substring(redrawn + 1)).strip();
    return shown.length() > MAX_LENGTH ? shown.substring(0, MAX_LENGTH - 1) + "…" : shown;
  }
}
