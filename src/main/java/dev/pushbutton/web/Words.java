package dev.pushbutton.web;

import dev.pushbutton.catalog.DurationText;
import dev.pushbutton.catalog.JobApproval;
import dev.pushbutton.run.RunState;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The words the pages use for what the engine names in its own terms. */
final class Words {
  private Words() {}

  /** A run's state as a badge says it. */
  static String state(RunState state) {
    return switch (state) {
      case AWAITING_APPROVAL -> "Awaiting approval";
      case QUEUED -> "Waiting";
      case STARTING -> "Starting";
      case RUNNING -> "Running";
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
      case KILLED -> "Stopped";
      case TIMED_OUT -> "Timed out";
      case LOST -> "Lost";
      case REJECTED -> "Rejected";
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
    return DurationText.words(duration);
  }

  /** "a", "a or b", "a, b or c". */
  static String either(List<String> names) {
    if (names.size() <= 1) {
      return names.isEmpty() ? "" : names.getFirst();
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
  }

  /**
   * "This job needs 1 approval from ops-leads before it starts.", for the job's form; null for a
   * job that needs none.
   */
  static String approvalNotice(JobApproval approval) {
    if (approval == null) {
      return null;
    }
    return "This job needs "
        + approval.count()
        + (approval.count() == 1 ? " approval" : " approvals")
        + " from "
        + either(approval.groups())
        + " before it starts.";
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
