package dev.pushbutton.output;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line a job prints to tell Pushbutton about itself (the line stays in the log as printed):
 *
 * <pre>
 * ::status Copying files        the run's headline status
 * ::progress 40                 percent done (or ::progress 4/10)
 * ::error::Disk almost full     an error, listed at the top of the run
 * ::warning::Slow mirror        a warning, likewise
 * </pre>
 *
 * <p>{@code ::group::Title} and {@code ::endgroup::} only shape how the log is shown, so the engine
 * ignores them.
 */
public sealed interface Directive {
  record Status(String text) implements Directive {}

  record Progress(double percent) implements Directive {}

  record Note(String level, String text) implements Directive {}

  Pattern STATUS = Pattern.compile("::status[ \\t]+(.*)");
  Pattern PROGRESS =
      Pattern.compile(
          "::progress[ \\t]+(\\d+(?:\\.\\d+)?)(?:[ \\t]*/[ \\t]*(\\d+(?:\\.\\d+)?))?[ \\t]*");
  Pattern NOTE = Pattern.compile("::(error|warning)::(.*)");

  /** The directive a whole line holds, if any. */
  static Optional<Directive> of(String line) {
    if (!line.startsWith("::")) {
      return Optional.empty();
    }
    Matcher m = STATUS.matcher(line);
    if (m.matches()) {
      return Optional.of(new Status(m.group(1).strip()));
    }
    m = PROGRESS.matcher(line);
    if (m.matches()) {
      double value = Double.parseDouble(m.group(1));
      if (m.group(2) != null) {
        double total = Double.parseDouble(m.group(2));
        value = total == 0 ? 0 : value * 100 / total;
      }
      return Optional.of(new Progress(Math.max(0, Math.min(100, value))));
    }
    m = NOTE.matcher(line);
    if (m.matches()) {
      return Optional.of(new Note(m.group(1), m.group(2).strip()));
    }
    return Optional.empty();
  }
}
