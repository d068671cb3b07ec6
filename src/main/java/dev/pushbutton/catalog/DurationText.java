package dev.pushbutton.catalog;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads the short durations the catalog uses: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h},
 * {@code 1h30m}.
 */
final class DurationText {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationText() {}

  /** The duration, or null when the text is not one. */
  static Duration parse(String text) {
    String trimmed = text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      return null;
    }
    Duration total = Duration.ZERO;
    var part = PART.matcher(trimmed);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
    }
    return total;
  }
}
