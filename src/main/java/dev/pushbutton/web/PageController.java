package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunQuery;
import dev.pushbutton.run.RunService;
import dev.pushbutton.run.RunState;
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

  PageController(RunService runs) {
    this.runs = runs;
  }

  @GetMapping("/")
  String catalog(Model model) {
    var groups = new LinkedHashMap<String, List<JobSummary>>();
    for (Job job : runs.catalog().jobs()) {
      Run last = runs.list(new RunQuery(job.id(), null, 1, null)).stream().findFirst().orElse(null);
      groups.computeIfAbsent(job.group(), g -> new ArrayList<>()).add(new JobSummary(job, last));
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
  String job(@PathVariable String jobId, @RequestParam(required = false) String from, Model model) {
    Job job = runs.job(jobId);
    Map<String, String> values = new LinkedHashMap<>();
    if (from != null) {
      runs.find(from)
          .filter(run -> run.jobId().equals(jobId))
          .ifPresent(run -> values.putAll(RunForm.shownValues(job, run.params())));
    }
    return jobPage(job, values, Map.of(), null, model);
  }

  String jobPage(
      Job job,
      Map<String, String> values,
      Map<String, String> errors,
      String problem,
      Model model) {
    model.addAttribute("job", job);
    model.addAttribute("values", values);
    model.addAttribute("errors", errors);
    model.addAttribute("problem", problem);
    model.addAttribute("recent", runs.list(new RunQuery(job.id(), null, RECENT_RUNS, null)));
    return "job";
  }

  @GetMapping("/runs/{runId}")
  String run(@PathVariable String runId, Model model) {
    Run run = runs.run(runId);
    model.addAttribute("run", run);
    model.addAttribute("job", runs.catalog().job(run.jobId()).orElse(null));
    return "run";
  }

  @GetMapping("/runs")
  String history(
      @RequestParam(required = false) String jobId,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String before,
      Model model) {
    historyModel(jobId, state, before, model);
    return "runs";
  }

  /** Just the table, for htmx to swap in when runs change. */
  @GetMapping("/runs/table")
  String historyTable(
      @RequestParam(required = false) String jobId,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String before,
      Model model) {
    historyModel(jobId, state, before, model);
    return "runs :: table";
  }

  private void historyModel(String jobId, String state, String before, Model model) {
    String job = blankToNull(jobId);
    RunState wanted = state == null || state.isBlank() ? null : RunState.fromApiName(state);
    List<Run> page = runs.list(new RunQuery(job, wanted, HISTORY_PAGE + 1, blankToNull(before)));
    boolean more = page.size() > HISTORY_PAGE;
    List<Run> shown = more ? page.subList(0, HISTORY_PAGE) : page;
    model.addAttribute("runs", shown);
    model.addAttribute("jobs", runs.catalog().jobs());
    model.addAttribute("states", Arrays.stream(RunState.values()).map(RunState::apiName).toList());
    model.addAttribute("jobId", job);
    model.addAttribute("state", wanted == null ? null : wanted.apiName());
    model.addAttribute("before", blankToNull(before));
    model.addAttribute("nextBefore", more ? shown.getLast().id() : null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
