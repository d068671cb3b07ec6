package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.JobApproval;
import dev.pushbutton.run.Decision;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunState;
import java.time.Instant;
import java.util.List;

/**
 * What the run page says about a run's approval: who decided what, how many approvals are still
 * needed and who may still give them, until when, and whether the reader may decide now.
 *
 * @param groups the groups whose members may approve
 * @param needed how many approvals the run still needs; 0 once it has them (or no longer awaits)
 * @param mayStillDecide the user names of those who may still approve or reject it
 * @param deadline when it is rejected if nobody has decided; null once it no longer awaits
 * @param canDecide whether the reader may approve or reject it now
 * @param error the server's word on the reader's last try (a comment too long), or null
 */
public record ApprovalPanel(
    boolean awaiting,
    List<String> groups,
    int count,
    int needed,
    List<Decision> decisions,
    List<String> mayStillDecide,
    Instant deadline,
    boolean canDecide,
    String error) {

  /** Null when there is nothing to say: the job asks for no approval and nobody decided. */
  static ApprovalPanel of(
      Run run,
      Job job,
      List<Decision> decisions,
      List<String> mayStillDecide,
      boolean readerMayDecide,
      String error) {
    JobApproval rule = job == null ? null : job.approval();
    boolean awaiting = run.state() == RunState.AWAITING_APPROVAL;
    if (rule == null && decisions.isEmpty()) {
      return null;
    }
    long approvals = decisions.stream().filter(Decision::approved).count();
    int count = rule == null ? (int) approvals : rule.count();
    return new ApprovalPanel(
        awaiting,
        rule == null ? List.of() : rule.groups(),
        count,
        awaiting ? (int) Math.max(0, count - approvals) : 0,
        decisions,
        awaiting ? mayStillDecide : List.of(),
        awaiting && rule != null ? run.createdAt().plus(rule.timeout()) : null,
        awaiting && readerMayDecide,
        error);
  }

  /** "Needs 1 more approval", "Needs 2 more approvals". */
  public String neededWords() {
    return "Needs " + needed + " more " + (needed == 1 ? "approval" : "approvals");
  }

  /** The most names the page lists of those who may still decide. */
  static final int NAMES_SHOWN = 8;

  /** "bob, carol", "a, b, c, d, e, f, g, h and 3 more". */
  public String deciderWords() {
    if (mayStillDecide.size() <= NAMES_SHOWN) {
      return String.join(", ", mayStillDecide);
    }
    return String.join(", ", mayStillDecide.subList(0, NAMES_SHOWN))
        + " and "
        + (mayStillDecide.size() - NAMES_SHOWN)
        + " more";
  }

  /** "ops-leads", "ops-leads or security". */
  public String groupWords() {
    return Words.either(groups);
  }
}
