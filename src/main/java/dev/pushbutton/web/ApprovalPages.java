package dev.pushbutton.web;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunApprovals;
import dev.pushbutton.run.RunExceptions;
import dev.pushbutton.run.RunService;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Four eyes on the pages: the Approvals page (the runs awaiting the reader's decision), a run's
 * approval as its page shows it, and the Approve and Reject buttons of both, which post plain forms
 * (with the session's CSRF token) as Stop does.
 */
@Controller
class ApprovalPages {
  /** The value of the forms' {@code from} field when they were sent from the Approvals page. */
  static final String FROM_APPROVALS = "approvals";

  private final RunService runs;
  private final RunApprovals approvals;
  private final JobAccess access;
  private final ApprovalInbox inbox;
  private final ApprovalPanels panels;
  private final PageController pages;

  ApprovalPages(
      RunService runs,
      RunApprovals approvals,
      JobAccess access,
      ApprovalInbox inbox,
      ApprovalPanels panels,
      PageController pages) {
    this.runs = runs;
    this.approvals = approvals;
    this.access = access;
    this.inbox = inbox;
    this.panels = panels;
    this.pages = pages;
  }

  @GetMapping("/approvals")
  String approvalsPage(User user, Model model) {
    return approvalsPage(user, null, null, model);
  }

  /** The run's approval alone, polled by its page while it awaits one. */
  @GetMapping("/runs/{runId}/approval")
  String approval(@PathVariable String runId, User user, Model model) {
    Run run = access.run(user, runId);
    model.addAttribute("run", run);
    model.addAttribute(
        "approval", panels.of(user, run, runs.catalog().job(run.jobId()).orElse(null), null));
    return "run :: approval";
  }

  @PostMapping("/runs/{runId}/approve")
  String approve(
      @PathVariable String runId,
      @RequestParam(required = false) String comment,
      @RequestParam(required = false) String from,
      User user,
      Model model,
      HttpServletResponse response) {
    return decide(
        runId,
        from,
        user,
        model,
        response,
        () -> approvals.approve(runId, user.username(), comment));
  }

  @PostMapping("/runs/{runId}/reject")
  String reject(
      @PathVariable String runId,
      @RequestParam(required = false) String comment,
      @RequestParam(required = false) String from,
      User user,
      Model model,
      HttpServletResponse response) {
    return decide(
        runId,
        from,
        user,
        model,
        response,
        () -> approvals.reject(runId, user.username(), comment));
  }

  /** Carries out a decision the user may make; a refusal is shown where they made it. */
  private String decide(
      String runId,
      String from,
      User user,
      Model model,
      HttpServletResponse response,
      Runnable decision) {
    access.runToDecide(user, runId);
    try {
      decision.run();
    } catch (InvalidParameterException | RunExceptions.Conflict e) {
      return refused(user, runId, from, e, model, response);
    }
    return back(runId, from);
  }

  private static String back(String runId, String from) {
    return FROM_APPROVALS.equals(from) ? "redirect:/approvals" : "redirect:/runs/" + runId;
  }

  /**
   * The page the form came from again, with the server's word beside the comment: 400 for a comment
   * refused, 409 for a run that no longer awaits this decision.
   */
  private String refused(
      User user,
      String runId,
      String from,
      RuntimeException e,
      Model model,
      HttpServletResponse response) {
    response.setStatus(
        e instanceof InvalidParameterException
            ? HttpServletResponse.SC_BAD_REQUEST
            : HttpServletResponse.SC_CONFLICT);
    if (FROM_APPROVALS.equals(from)) {
      return approvalsPage(user, runId, e.getMessage(), model);
    }
    return pages.runPage(user, access.run(user, runId), e.getMessage(), model);
  }

  private String approvalsPage(User user, String errorRunId, String error, Model model) {
    List<Run> awaiting = inbox.awaiting(user);
    var items = new ArrayList<Item>();
    for (Run run : awaiting) {
      Job job = runs.catalog().job(run.jobId()).orElse(null);
      items.add(
          new Item(
              run,
              job == null ? run.jobId() : job.name(),
              RunPage.parameters(job, run),
              approvals.stillNeeded(run, approvals.decisions(run.id())),
              run.id().equals(errorRunId) ? error : null));
    }
    model.addAttribute("items", items);
    model.addAttribute("more", awaiting.size() >= ApprovalInbox.LIMIT);
    model.addAttribute("approver", inbox.isApprover(user));
    model.addAttribute(
        "problem",
        errorRunId != null && !awaiting.stream().anyMatch(r -> r.id().equals(errorRunId))
            ? error
            : null);
    return "approvals";
  }

  /**
   * A run on the Approvals page.
   *
   * @param needed how many approvals it still needs
   * @param error the server's word on the reader's last try on this run, or null
   */
  record Item(Run run, String jobName, List<RunPage.Parameter> params, int needed, String error) {
    public String shortId() {
      return RunPage.shortId(run.id());
    }
  }
}
