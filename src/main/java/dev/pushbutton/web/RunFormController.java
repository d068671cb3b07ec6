package dev.pushbutton.web;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParamSpec;
import dev.pushbutton.health.StorageFaults;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunExceptions;
import dev.pushbutton.run.RunService;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** What the pages' buttons do: start a run from the form, kill a run, run again. */
@Controller
class RunFormController {
  private final RunService runs;
  private final PageController pages;
  private final JobAccess access;

  RunFormController(RunService runs, PageController pages, JobAccess access) {
    this.runs = runs;
    this.pages = pages;
    this.access = access;
  }

  /**
   * Starts a run, or shows the form again with the server's word beside every field at fault. The
   * job page's form posts to the job's own address, so a refused form leaves the address bar where
   * a reload shows the form again; {@code /runs} is kept for older pages and the catalog's direct
   * Run buttons.
   */
  @PostMapping({"/jobs/{jobId}", "/jobs/{jobId}/runs"})
  String start(
      @PathVariable String jobId,
      @RequestParam MultiValueMap<String, String> form,
      User user,
      Model model,
      HttpServletResponse response) {
    Job job = access.jobToRun(user, jobId);
    Map<String, Object> values = RunForm.values(job, form);
    String reason = RunForm.reason(form);
    Map<String, String> shown = new LinkedHashMap<>(RunForm.shownValues(job, values));
    if (reason != null) {
      shown.put(RunForm.REASON_FIELD, reason);
    }
    if (job.confirm() != null && !form.containsKey(RunForm.CONFIRM_FIELD)) {
      var problems = new LinkedHashMap<>(RunForm.problems(job, values, reason));
      problems.put(RunForm.CONFIRM_FIELD, RunForm.CONFIRM_MESSAGE);
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return pages.jobPage(user, job, shown, problems, null, model);
    }
    try {
      Run run = runs.start(jobId, values, user.username(), reason);
      return "redirect:/runs/" + run.id();
    } catch (InvalidParameterException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return pages.jobPage(user, job, shown, RunForm.onPage(job, e.problems()), null, model);
    } catch (RunExceptions.Conflict e) {
      response.setStatus(HttpServletResponse.SC_CONFLICT);
      return pages.jobPage(user, job, shown, Map.of(), e.getMessage(), model);
    } catch (RuntimeException e) {
      // A full disk or a locked database: the form stays filled in, to be sent again later.
      String why = StorageFaults.describe(e).orElseThrow(() -> e);
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setHeader("Retry-After", StorageFaults.RETRY_AFTER_SECONDS);
      return pages.jobPage(user, job, shown, Map.of(), why, model);
    }
  }

  @PostMapping("/runs/{runId}/kill")
  String kill(@PathVariable String runId, User user) {
    access.runToKill(user, runId);
    try {
      runs.kill(runId, user.username());
    } catch (RunExceptions.Conflict alreadyEnded) {
      // the page shows the run's real state
    }
    return "redirect:/runs/" + runId;
  }

  /**
   * Starts the job again with the same values. A run with secrets (never stored) or a job that asks
   * for confirmation or for a reason (each run has its own) goes back to the form instead, filled
   * in with what can be shown.
   */
  @PostMapping("/runs/{runId}/again")
  String again(@PathVariable String runId, User user) {
    Run previous = access.run(user, runId);
    Job job = access.jobToRun(user, previous.jobId());
    if (job.confirm() != null
        || job.reason().asks()
        || job.params().stream().anyMatch(ParamSpec::secret)) {
      return "redirect:/jobs/" + job.id() + "?from=" + runId;
    }
    try {
      return "redirect:/runs/" + runs.start(job.id(), previous.params(), user.username()).id();
    } catch (InvalidParameterException | RunExceptions.Conflict e) {
      return "redirect:/jobs/" + job.id() + "?from=" + runId;
    }
  }
}
