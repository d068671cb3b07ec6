package dev.pushbutton.output;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One numbered piece of a run's output: a whole line, or part of one (a line still unfinished after
 * a moment, or a line longer than the chunk limit).
 *
 * @param bytes the raw bytes as the job wrote them, including the newline when {@code eol}
 * @param eol whether this chunk ends a line
 * @param readAt when the server read the bytes
 */
public record OutputChunk(long seq, StdStream stream, byte[] bytes, boolean eol, Instant readAt) {

  /**
   * The chunk as text: the newline (and a carriage return right before it, as a terminal ends
   * lines) removed, and bytes that are not valid UTF-8 shown as U+FFFD. The raw log keeps them as
   * they were.
   */
  public String text() {
    int end = bytes.length;
    if (eol && end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
