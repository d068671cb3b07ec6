package dev.pushbutton.web;

import dev.pushbutton.catalog.Concurrency;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunQuery;
import dev.pushbutton.run.RunService;
import dev.pushbutton.run.RunState;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The pages: catalog, run form, run, history. */
@Controller
class PageController {
  static final int HISTORY_PAGE = 50;
  static final int RECENT_RUNS = 15;

  private final RunService runs;
  private final JobAccess access;
  private final Outcomes outcomes;
  private final ApprovalPanels approvalPanels;

  PageController(
      RunService runs, JobAccess access, Outcomes outcomes, ApprovalPanels approvalPanels) {
    this.runs = runs;
    this.access = access;
    this.outcomes = outcomes;
    this.approvalPanels = approvalPanels;
  }

  @GetMapping("/")
  String catalog(User user, Model model) {
    var groups = new LinkedHashMap<String, List<JobSummary>>();
    for (Job job : access.jobs(user)) {
      Run last = runs.list(RunQuery.latest(job.id(), 1)).stream().findFirst().orElse(null);
      groups
          .computeIfAbsent(job.group(), g -> new ArrayList<>())
          .add(new JobSummary(job, last, access.mayRun(user, job)));
    }
    var named = new ArrayList<JobGroup>();
    groups.forEach((name, jobs) -> named.add(new JobGroup(name, jobs)));
    model.addAttribute("groups", named);
    return "catalog";
  }

  /**
   * The run form; {@code from} fills it with another run's values (secrets are never filled in).
   */
  @GetMapping("/jobs/{jobId}")
  String job(
      @PathVariable String jobId,
      @RequestParam(required = false) String from,
      User user,
      Model model) {
    Job job = access.job(user, jobId);
    Map<String, String> values = new LinkedHashMap<>();
    if (from != null) {
      runs.find(from)
          .filter(run -> run.jobId().equals(jobId))
          .ifPresent(run -> values.putAll(RunForm.shownValues(job, run.params())));
    }
    return jobPage(user, job, values, Map.of(), null, model);
  }

  String jobPage(
      User user,
      Job job,
      Map<String, String> values,
      Map<String, String> errors,
      String problem,
      Model model) {
    List<ParamField> fields = ParamField.of(job, values, errors);
    model.addAttribute("job", job);
    model.addAttribute("canRun", access.mayRun(user, job));
    model.addAttribute("fields", fields);
    model.addAttribute("errors", errors);
    model.addAttribute("faults", faults(fields, errors));
    model.addAttribute("confirmMessage", RunForm.CONFIRM_MESSAGE);
    model.addAttribute("reason", ReasonField.of(job, values, errors));
    model.addAttribute("approvalNotice", Words.approvalNotice(job.approval()));
    model.addAttribute("problem", problem);
    model.addAttribute("recent", runs.list(RunQuery.latest(job.id(), RECENT_RUNS)));
    return "job";
  }

  /**
   * The fields at fault in the form's order, which the summary above the form links to and the
   * first of which takes the focus.
   */
  private static List<ParamField.Fault> faults(
      List<ParamField> fields, Map<String, String> errors) {
    var faults = new ArrayList<ParamField.Fault>();
    for (ParamField field : fields) {
      if (field.invalid()) {
        faults.add(new ParamField.Fault(field.inputId(), field.spec().label()));
      }
    }
    if (errors.containsKey(RunForm.REASON_FIELD)) {
      faults.add(new ParamField.Fault(RunForm.REASON_INPUT, ReasonField.LABEL));
    }
    if (errors.containsKey(RunForm.CONFIRM_FIELD)) {
      faults.add(new ParamField.Fault(RunForm.CONFIRM_INPUT, "Confirmation"));
    }
    return faults;
  }

  @GetMapping("/runs/{runId}")
  String run(@PathVariable String runId, User user, Model model) {
    return runPage(user, access.run(user, runId), null, model);
  }

  /**
   * The run page; {@code approvalError} is the server's word on the reader's approval or rejection
   * that was refused, shown beside its comment field.
   */
  String runPage(User user, Run run, String approvalError, Model model) {
    Job job = runs.catalog().job(run.jobId()).orElse(null);
    model.addAttribute("run", run);
    model.addAttribute("job", job);
    model.addAttribute("jobName", job == null ? run.jobId() : job.name());
    model.addAttribute("shortId", RunPage.shortId(run.id()));
    model.addAttribute("logTail", RunPage.logTail(run.id()));
    model.addAttribute("canRun", access.mayRun(user, run.jobId()));
    model.addAttribute("params", RunPage.parameters(job, run));
    model.addAttribute("stopPrompt", RunPage.stopPrompt(job));
    // Run again would only be refused while a single job's run is active.
    model.addAttribute(
        "againBlocked",
        job != null && job.concurrency() == Concurrency.SINGLE && runs.isBusy(job.id()));
    outcomeModel(run, job, model);
    waitingModel(run, model);
    model.addAttribute("approval", approvalPanels.of(user, run, job, approvalError));
    return "run";
  }

  /** The outcome alone, for the page to show once the run it follows has ended. */
  @GetMapping("/runs/{runId}/outcome")
  String outcome(@PathVariable String runId, User user, Model model) {
    Run run = access.run(user, runId);
    outcomeModel(run, runs.catalog().job(run.jobId()).orElse(null), model);
    return "run :: outcome";
  }

  /** Where a waiting run stands in its line, polled by its page while it waits. */
  @GetMapping("/runs/{runId}/waiting")
  String waiting(@PathVariable String runId, User user, Model model) {
    Run run = access.run(user, runId);
    model.addAttribute("run", run);
    waitingModel(run, model);
    return "run :: waiting";
  }

  private void outcomeModel(Run run, Job job, Model model) {
    Outcome outcome = outcomes.of(run, job).orElse(null);
    model.addAttribute("run", run);
    model.addAttribute("outcome", outcome);
    model.addAttribute(
        "showError", run.error() != null && (outcome == null || !Outcomes.says(outcome, run)));
  }

  private void waitingModel(Run run, Model model) {
    model.addAttribute(
        "waiting",
        run.state() == RunState.QUEUED ? RunPage.waitingWords(runs.placeInLine(run)) : null);
    model.addAttribute("awaiting", run.state() == RunState.AWAITING_APPROVAL);
  }

  @GetMapping("/runs")
  String history(
      @RequestParam(required = false) String jobId,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) String startedBy,
      User user,
      Model model) {
    historyModel(user, new HistoryFilter(jobId, state, before, startedBy), model);
    return "runs";
  }

  /** Just the table, for htmx to swap in when runs change. */
  @GetMapping("/runs/table")
  String historyTable(
      @RequestParam(required = false) String jobId,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) String startedBy,
      User user,
      Model model) {
    historyModel(user, new HistoryFilter(jobId, state, before, startedBy), model);
    return "runs :: table";
  }

  private void historyModel(User user, HistoryFilter filter, Model model) {
    RunState wanted = filter.state() == null ? null : RunState.fromApiName(filter.state());
    List<Run> page =
        access.history(
            user,
            new RunQuery(
                filter.jobId(),
                wanted,
                HISTORY_PAGE + 1,
                filter.before(),
                filter.startedBy(),
                null));
    boolean more = page.size() > HISTORY_PAGE;
    List<Run> shown = more ? page.subList(0, HISTORY_PAGE) : page;
    model.addAttribute("runs", shown);
    model.addAttribute("jobs", access.jobs(user));
    model.addAttribute("jobNames", jobNames());
    model.addAttribute("states", Arrays.stream(RunState.values()).map(RunState::apiName).toList());
    model.addAttribute("jobId", filter.jobId());
    model.addAttribute("state", wanted == null ? null : wanted.apiName());
    model.addAttribute("before", filter.before());
    model.addAttribute("startedBy", filter.startedBy());
    model.addAttribute("nextBefore", more ? shown.getLast().id() : null);
  }

  /** Every job's name by its id: tables show names, not ids. */
  private Map<String, String> jobNames() {
    var names = new LinkedHashMap<String, String>();
    runs.catalog().jobs().forEach(job -> names.put(job.id(), job.name()));
    return names;
  }

  /** The history page's filters as given, blanks read as absent. */
  private record HistoryFilter(String jobId, String state, String before, String startedBy) {
    HistoryFilter {
      jobId = blankToNull(jobId);
      state = blankToNull(state);
      before = blankToNull(before);
      startedBy = blankToNull(startedBy);
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}
