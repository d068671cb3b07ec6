package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.run.Decision;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunApprovals;
import dev.pushbutton.run.RunState;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Works out a run's {@link ApprovalPanel} for the person reading its page. */
@Component
class ApprovalPanels {
  private final RunApprovals approvals;
  private final JobAccess access;

  ApprovalPanels(RunApprovals approvals, JobAccess access) {
    this.approvals = approvals;
    this.access = access;
  }

  /**
   * Null when the run's job asks for no approval and nobody decided on it.
   *
   * @param job null when it has left the catalog
   * @param error the server's word on the reader's last try, or null
   */
  ApprovalPanel of(User reader, Run run, Job job, String error) {
    List<Decision> decisions = approvals.decisions(run.id());
    Set<String> decided = decisions.stream().map(Decision::by).collect(Collectors.toSet());
    boolean awaiting = run.state() == RunState.AWAITING_APPROVAL;
    return ApprovalPanel.of(
        run,
        job,
        decisions,
        awaiting
            ? access.mayStillDecide(run, decided).stream()
                .map(name -> name.equals(reader.username()) ? name + " (you)" : name)
                .toList()
            : List.of(),
        access.mayDecide(reader, run) && !decided.contains(reader.username()),
        error);
  }
}
