package dev.pushbutton.api;

import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog, and starting a run of a job. */
@RestController
@RequestMapping("/api/jobs")
class JobController {
  private final RunService runs;

  JobController(RunService runs) {
    this.runs = runs;
  }

  @GetMapping
  List<JobView> jobs() {
    return runs.catalog().jobs().stream().map(JobView::of).toList();
  }

  @GetMapping("/{jobId}")
  JobView job(@PathVariable String jobId) {
    return JobView.of(runs.job(jobId));
  }

  /**
   * Answers as soon as the run is recorded: the process starts (or waits in line) in the
   * background.
   */
  @PostMapping("/{jobId}/runs")
  ResponseEntity<RunView> start(
      @PathVariable String jobId, @RequestBody(required = false) Map<String, Object> body) {
    Run run = runs.start(jobId, RunRequest.params(body));
    return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(RunView.of(run));
  }
}
