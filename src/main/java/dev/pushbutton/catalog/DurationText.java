package dev.pushbutton.catalog;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads the short durations the catalog uses: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h},
 * {@code 1h30m}; and says a duration in the words the pages and the runs' errors use.
 */
public final class DurationText {
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

  /** "less than a second", "4 s", "2 min 5 s", "1 h 3 min", "24 h", "2 d 4 h". */
  public static String words(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 1) {
      return "less than a second";
    }
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long rest = seconds % 60;
    if (days > 0) {
      return days + " d" + (hours > 0 ? " " + hours + " h" : "");
    }
    if (hours > 0) {
      return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
    }
    if (minutes > 0) {
      return minutes + " min" + (rest > 0 ? " " + rest + " s" : "");
    }
    return rest + " s";
  }
}
