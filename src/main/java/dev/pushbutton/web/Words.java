package dev.pushbutton.web;

import dev.pushbutton.run.RunState;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The words the pages use for what the engine names in its own terms. */
final class Words {
  private Words() {}

  /** A run's state as a badge says it. */
  static String state(RunState state) {
    return switch (state) {
      case QUEUED -> "Waiting";
      case STARTING -> "Starting";
      case RUNNING -> "Running";
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
      case KILLED -> "Stopped";
      case TIMED_OUT -> "Timed out";
      case LOST -> "Lost";
    };
  }

  /** Every state's words by its API name, in the states' order, for the filters and the script. */
  static final Map<String, String> STATES = statesInWords();

  private static Map<String, String> statesInWords() {
    var words = new LinkedHashMap<String, String>();
    for (RunState state : RunState.values()) {
      words.put(state.apiName(), state(state));
    }
    return Collections.unmodifiableMap(words);
  }

  /** "less than a second", "4 s", "2 min 5 s", "1 h 3 min", "2 d 4 h". */
  static String duration(Duration duration) {
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

  /** 1st, 2nd, 3rd, 4th, 11th, 12th, 21st… */
  static String ordinal(int n) {
    int lastTwo = n % 100;
    String suffix =
        lastTwo >= 11 && lastTwo <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }
}
