package dev.pushbutton.web;

import dev.pushbutton.run.Decision;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunApprovals;
import dev.pushbutton.run.RunQuery;
import dev.pushbutton.run.RunState;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The runs awaiting a person's decision: those they may approve or reject (as {@code security}'s
 * JobAccess says), did not ask for and have not decided on yet. The Approvals page lists them and
 * the top bar counts them.
 */
@Component
class ApprovalInbox {
  /** More than anyone decides on in one sitting; the page says when there are more. */
  static final int LIMIT = 200;

  private final JobAccess access;
  private final RunApprovals approvals;

  ApprovalInbox(JobAccess access, RunApprovals approvals) {
    this.access = access;
    this.approvals = approvals;
  }

  /** Newest first. */
  List<Run> awaiting(User user) {
    if (!isApprover(user)) {
      return List.of();
    }
    List<Run> mine =
        access
            .history(user, new RunQuery(null, RunState.AWAITING_APPROVAL, LIMIT, null, null, null))
            .stream()
            .filter(run -> access.mayDecide(user, run))
            .toList();
    if (mine.isEmpty()) {
      return mine;
    }
    Map<String, List<Decision>> decided = approvals.decisions(mine.stream().map(Run::id).toList());
    return mine.stream()
        .filter(run ->
            decided.getOrDefault(run.id(), List.of()).stream()
                .noneMatch(decision -> decision.by().equals(user.username())))
        .toList();
  }

  /** Whether the user may approve runs of any job: the top bar then links to the Approvals page. */
  boolean isApprover(User user) {
    return user != null && access.jobs(user).stream().anyMatch(job -> access.mayApprove(user, job));
  }

  /**
   * The top bar's link and count for one page, worked out only if the page draws the top bar (an
   * htmx fragment does not).
   */
  final class Badge {
    private final User user;
    private Boolean approver;
    private Integer count;

    Badge(User user) {
      this.user = user;
    }

    public boolean shown() {
      if (approver == null) {
        approver = isApprover(user);
      }
      return approver;
    }

    public int count() {
      if (count == null) {
        count = shown() ? awaiting(user).size() : 0;
      }
      return count;
    }
  }

  Badge badge(User user) {
    return new Badge(user);
  }
}
